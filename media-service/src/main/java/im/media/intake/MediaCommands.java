package im.media.intake;

import im.media.api.MediaErrors;
import im.platform.axon.DomainCommands;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/** StoredFile commands, sent and awaited; an unknown file is "file not found". */
@Component
public class MediaCommands extends DomainCommands {

    public MediaCommands(CommandGateway commandGateway) {
        super(commandGateway, MediaErrors.FILE_NOT_FOUND);
    }
}

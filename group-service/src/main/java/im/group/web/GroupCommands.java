package im.group.web;

import im.group.api.GroupErrors;
import im.platform.axon.DomainCommands;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/** Group commands, sent and awaited (see {@link DomainCommands}); an unknown group is "group doesn't exist". */
@Component
public class GroupCommands extends DomainCommands {

    public GroupCommands(CommandGateway commandGateway) {
        super(commandGateway, GroupErrors.GROUP_NOT_FOUND);
    }
}

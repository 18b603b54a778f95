package im.user.web;

import im.platform.axon.DomainCommands;
import im.user.api.UserErrors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * User commands, sent and awaited; a taken username arrives wrapped from the subscribing claim processor and is
 * unwrapped by {@link DomainCommands}. An unknown user is "user doesn't exist".
 */
@Component
public class UserCommands extends DomainCommands {

    public UserCommands(CommandGateway commandGateway) {
        super(commandGateway, UserErrors.USER_NOT_FOUND);
    }
}

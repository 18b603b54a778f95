package im.user.web;

import im.platform.web.DomainException;
import im.user.api.UserErrors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Sends a command and waits for it. A refusal may arrive wrapped (for example a taken username is refused by the
 * subscribing claim processor inside the event publication); the first {@link DomainException} in the cause chain
 * is what the client is told, and an unknown aggregate is "user doesn't exist".
 */
@Component
public class UserCommands {

    private final CommandGateway commandGateway;

    public UserCommands(CommandGateway commandGateway) {
        this.commandGateway = commandGateway;
    }

    public void send(Object command) {
        try {
            commandGateway.sendAndWait(command);
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    static RuntimeException translate(RuntimeException failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 20; depth++, cause = cause.getCause()) {
            if (cause instanceof DomainException domain) {
                return domain;
            }
            if (cause instanceof AggregateNotFoundException) {
                return new DomainException(UserErrors.USER_NOT_FOUND);
            }
        }
        return failure;
    }
}

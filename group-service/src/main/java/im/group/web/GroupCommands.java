package im.group.web;

import im.group.api.GroupErrors;
import im.platform.web.DomainException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Sends a command and waits for it. The first {@link DomainException} in a failure's cause chain is what the
 * client is told, and an unknown aggregate is "group doesn't exist".
 */
@Component
public class GroupCommands {

    private final CommandGateway commandGateway;

    public GroupCommands(CommandGateway commandGateway) {
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
                return new DomainException(GroupErrors.GROUP_NOT_FOUND);
            }
        }
        return failure;
    }
}

package im.platform.axon;

import im.platform.web.DomainException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * Sends a command and waits for it, turning a refusal into what the client is told. A refusal may arrive wrapped
 * (for example a set rule enforced by a subscribing processor inside the event publication): the first
 * {@link DomainException} in the cause chain wins, and an unknown aggregate becomes the service's own "not found"
 * message. A service subclasses it as a component naming that message.
 */
public class DomainCommands {

    private final CommandGateway commandGateway;
    private final String notFoundMessage;

    protected DomainCommands(CommandGateway commandGateway, String notFoundMessage) {
        this.commandGateway = commandGateway;
        this.notFoundMessage = notFoundMessage;
    }

    public void send(Object command) {
        try {
            commandGateway.sendAndWait(command);
        } catch (RuntimeException e) {
            throw translate(e, notFoundMessage);
        }
    }

    public static RuntimeException translate(RuntimeException failure, String notFoundMessage) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 20; depth++, cause = cause.getCause()) {
            if (cause instanceof DomainException domain) {
                return domain;
            }
            if (cause instanceof AggregateNotFoundException) {
                return new DomainException(notFoundMessage);
            }
        }
        return failure;
    }
}

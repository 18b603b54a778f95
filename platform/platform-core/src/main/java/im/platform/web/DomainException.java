package im.platform.web;

/**
 * A command was refused by a rule of the domain (thrown by aggregates). Reaches the client as a business error
 * with this message, so the message must be safe to show.
 */
public class DomainException extends RuntimeException {

    public DomainException(String message) {
        super(message, null, false, false);
    }
}

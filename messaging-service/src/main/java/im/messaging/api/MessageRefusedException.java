package im.messaging.api;

import im.platform.web.DomainException;

/** A frame or command refused by a messaging rule; the message is safe to show to the sender. */
public class MessageRefusedException extends DomainException {

    private final RefusalCode code;

    public MessageRefusedException(RefusalCode code, String reason) {
        super(reason);
        this.code = code;
    }

    public RefusalCode code() {
        return code;
    }
}

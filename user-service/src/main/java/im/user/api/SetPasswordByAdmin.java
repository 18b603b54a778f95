package im.user.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * An admin sets a user's password without the old one: how an imported account without a password (or a user who
 * forgot theirs) gets one. {@code adminUuid} is who did it (logged for audit; the event carries only the hash).
 */
public record SetPasswordByAdmin(@TargetAggregateIdentifier String uuid, String passwordHash, String adminUuid) {

    @Override
    public String toString() {
        return "SetPasswordByAdmin[uuid=" + uuid + ", adminUuid=" + adminUuid + "]";
    }
}

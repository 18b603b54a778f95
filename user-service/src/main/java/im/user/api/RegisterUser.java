package im.user.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Creates an account. The web layer generates the uuid ({@code [usr]} + UUIDv4), validates the fields and hashes
 * the password, so no plain password ever reaches the event store.
 */
public record RegisterUser(
        @TargetAggregateIdentifier String uuid,
        String username,
        String passwordHash,
        String nickname,
        String email) {

    /** Leaves the password hash (and the e-mail address) out of logs and exception messages. */
    @Override
    public String toString() {
        return "RegisterUser[uuid=" + uuid + ", username=" + username + "]";
    }
}

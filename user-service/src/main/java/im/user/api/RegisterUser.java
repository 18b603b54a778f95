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
}

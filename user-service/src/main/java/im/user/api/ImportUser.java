package im.user.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Creates an account for a record of an external user source (issue 6), linked to that record. The importer
 * generates the uuid, validates the fields and hashes a plaintext password (or passes the source's BCrypt hash), so
 * no plain password reaches the event store. {@code passwordHash} {@code null}: the account has no password and
 * cannot log in until one is set ({@link SetPasswordByAdmin}, or a later import that brings one).
 *
 * @param source     the configured source's name
 * @param externalId the record's id at the source (its username when the source maps no id)
 * @param avatarUrl  an http(s) link to a picture kept as a link, never fetched; {@code null} or empty: none
 */
public record ImportUser(
        @TargetAggregateIdentifier String uuid,
        String source,
        String externalId,
        String username,
        String passwordHash,
        String nickname,
        String email,
        String avatarUrl) {

    @Override
    public String toString() {
        return "ImportUser[uuid=" + uuid + ", source=" + source + ", externalId=" + externalId + "]";
    }
}

package im.user.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Brings an account in line with its record at an external user source (issue 6). A {@code null} field keeps its
 * current value; {@code newPasswordHash} is {@code null} unless the importer decided the password changed (it needs
 * no old password: the source is authoritative, and only an admin can configure or start an import). The handler
 * answers {@code true} when it emitted anything, {@code false} when the account already matched.
 *
 * <p>The account must be linked to exactly this record. An account linked to nothing (a local account with the same
 * username) is linked now only when {@code adoptLocalAccount} is set (the source's {@code adopt-local-accounts});
 * otherwise it is refused with {@link ImportErrors#USERNAME_TAKEN_LOCAL}.
 */
public record SyncImportedUser(
        @TargetAggregateIdentifier String uuid,
        String source,
        String externalId,
        String username,
        String nickname,
        String email,
        String avatarUrl,
        String newPasswordHash,
        boolean adoptLocalAccount) {

    @Override
    public String toString() {
        return "SyncImportedUser[uuid=" + uuid + ", source=" + source + ", externalId=" + externalId + "]";
    }
}

package im.user.api;

/**
 * The account is the one of record {@code externalId} of the external user source {@code source} (issue 6): emitted
 * with {@link UserRegistered} by an import, or when an import adopts an existing local account. At most one link per
 * account and per (source, externalId), enforced in the command's transaction by {@code ImportLinkProjection}.
 * Stays inside user-service (not published).
 */
public record UserImportLinked(String uuid, String source, String externalId) {
}

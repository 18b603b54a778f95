package im.user.importing;

/**
 * One record of a source, mapped and valid. {@code null} for a field the record does not give (or the source does
 * not map): the account keeps its value. {@code password} (plaintext) and {@code passwordHash} (BCrypt) are never
 * both set and never shown: {@link #toString()} leaves them out.
 *
 * @param externalId the record's id at the source (its username when the source maps no id)
 */
public record SourceRecord(String externalId, String username, String password, String passwordHash,
                           String nickname, String email, String avatarUrl) {

    public boolean hasPassword() {
        return password != null || passwordHash != null;
    }

    @Override
    public String toString() {
        return "SourceRecord[externalId=" + externalId + ", username=" + username + "]";
    }
}

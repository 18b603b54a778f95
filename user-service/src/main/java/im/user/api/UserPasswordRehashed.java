package im.user.api;

/**
 * The account's password hashed again at another BCrypt cost (same password). Not published (like
 * {@link UserPasswordChanged}); {@link #toString()} leaves the hash out.
 */
public record UserPasswordRehashed(String uuid, String passwordHash) {

    @Override
    public String toString() {
        return "UserPasswordRehashed[uuid=" + uuid + "]";
    }
}

package im.user.api;

/** The user's password changed; carries the new BCrypt hash only. */
public record UserPasswordChanged(String uuid, String passwordHash) {

    /** Leaves the hash out of logs and exception messages. */
    @Override
    public String toString() {
        return "UserPasswordChanged[uuid=" + uuid + "]";
    }
}

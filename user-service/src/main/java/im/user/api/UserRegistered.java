package im.user.api;

/** An account was created. The password hash stays inside this service (never published, never returned). */
public record UserRegistered(String uuid, String username, String passwordHash, String nickname, String email) {

    /** Leaves the password hash (and the e-mail address) out of logs and exception messages. */
    @Override
    public String toString() {
        return "UserRegistered[uuid=" + uuid + ", username=" + username + "]";
    }
}

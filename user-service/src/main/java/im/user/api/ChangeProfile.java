package im.user.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Changes a user's profile. A {@code null} field keeps its current value; {@code newPasswordHash} is {@code null}
 * unless the password changes. A password change carries {@code currentPasswordHash}, the hash the caller's old
 * password was checked against: the change is refused unless that is still the user's password.
 */
public record ChangeProfile(
        @TargetAggregateIdentifier String uuid,
        String username,
        String nickname,
        String email,
        String avatar,
        String newPasswordHash,
        String currentPasswordHash) {

    /** Leaves the password hashes (and the e-mail address) out of logs and exception messages. */
    @Override
    public String toString() {
        return "ChangeProfile[uuid=" + uuid + ", username=" + username + ", passwordChange=" + (newPasswordHash != null)
                + "]";
    }
}

package im.user.api;

/** The complete profile after a change. */
public record UserProfileChanged(String uuid, String username, String nickname, String email, String avatar) {
}

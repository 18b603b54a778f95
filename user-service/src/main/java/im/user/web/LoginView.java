package im.user.web;

/** The login answer: the user object plus the session token (also set as the HttpOnly cookie). */
public record LoginView(long id, String uuid, String username, String nickname, String avatar, String email,
                        String createdAt, String token) {

    static LoginView of(UserView user, String token) {
        return new LoginView(user.id(), user.uuid(), user.username(), user.nickname(), user.avatar(), user.email(),
                user.createdAt(), token);
    }
}

package im.user.api;

/** The legacy error texts of user-service, shown to clients as {@code msg}; go-chat-web displays them verbatim. */
public final class UserErrors {
    public static final String USER_EXISTS = "user already exist";
    public static final String USER_NOT_FOUND = "user doesn't exist";
    public static final String LOGIN_FAILED = "login failed";
    public static final String ALREADY_CONTACTS = "already interact with this user";
    public static final String CANNOT_ADD_SELF = "cannot add yourself";
    public static final String OLD_PASSWORD_WRONG = "old password is wrong";
    public static final String CONTACT_NOT_FOUND = "interact doesn't exist";
    public static final String GROUP_NOT_FOUND = "group doesn't exist";
    public static final String GROUP_SERVICE_UNAVAILABLE = "group service unavailable";

    private UserErrors() {
    }
}

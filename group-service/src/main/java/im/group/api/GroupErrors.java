package im.group.api;

/** The error texts of group-service, shown to clients as {@code msg} (the legacy ones where the legacy servers had one). */
public final class GroupErrors {
    public static final String GROUP_NOT_FOUND = "group doesn't exist";
    public static final String USER_NOT_FOUND = "user doesn't exist";
    public static final String ALREADY_JOINED = "already joined the group";
    public static final String NOT_JOINED = "user not joined the group yet";
    public static final String GROUP_FULL = "the group is full";
    public static final String OWNER_MUST_TRANSFER = "the owner must transfer ownership before leaving";
    public static final String ADMINS_ONLY = "only the owner or an admin can do this";
    public static final String OWNER_ONLY = "only the owner can do this";
    public static final String CANNOT_REMOVE_SELF = "cannot remove yourself, leave the group instead";
    public static final String OWNER_ROLE_FIXED = "the owner's role cannot be changed, transfer ownership instead";
    public static final String ALREADY_OWNER = "user is already the owner";
    public static final String BAD_ROLE = "role must be admin or member";
    public static final String NAME_REQUIRED = "name is required";
    public static final String NAME_TOO_LONG = "name must be at most " + GroupRules.MAX_NAME + " characters";
    public static final String NAME_CONTROL = "name must not contain control characters";
    public static final String NOTICE_TOO_LONG = "notice must be at most " + GroupRules.MAX_NOTICE + " characters";
    public static final String NOTICE_CONTROL = "notice must not contain control characters";

    private GroupErrors() {
    }
}

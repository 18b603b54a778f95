package im.user.importing;

/**
 * Why a record was not imported: a stable {@code code} and a {@code reason} for people. Never holds a password or a
 * hash, nor the record's raw content.
 */
public final class RecordProblem extends RuntimeException {

    public static final String NOT_AN_OBJECT = "not_an_object";
    public static final String MISSING_EXTERNAL_ID = "missing_external_id";
    public static final String INVALID_EXTERNAL_ID = "invalid_external_id";
    public static final String MISSING_USERNAME = "missing_username";
    public static final String INVALID_USERNAME = "invalid_username";
    public static final String INVALID_PASSWORD = "invalid_password";
    public static final String INVALID_PASSWORD_HASH = "invalid_password_hash";
    public static final String INVALID_NICKNAME = "invalid_nickname";
    public static final String INVALID_EMAIL = "invalid_email";
    public static final String INVALID_AVATAR_URL = "invalid_avatar_url";
    public static final String DUPLICATE_RECORD = "duplicate_record";
    public static final String USERNAME_TAKEN = "username_taken";
    public static final String LINKED_ELSEWHERE = "linked_elsewhere";
    public static final String ACCOUNT_DELETED = "account_deleted";
    public static final String ADMIN_ACCOUNT = "admin_account";
    public static final String IMPORT_FAILED = "import_failed";

    private final String code;

    public RecordProblem(String code, String reason) {
        super(reason, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }

    public String reason() {
        return getMessage();
    }
}

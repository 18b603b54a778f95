package im.user.api;

/** Refusals of the import commands (issue 6), reported per record in an import run. */
public final class ImportErrors {
    public static final String USERNAME_TAKEN_LOCAL = "username is taken by a local account";
    public static final String LINKED_TO_OTHER_RECORD = "the account is linked to another source record";
    public static final String RECORD_ALREADY_LINKED = "the source record is linked to another account";
    public static final String EXTERNAL_ID_REQUIRED = "external id is required";
    public static final String SOURCE_REQUIRED = "source is required";

    private ImportErrors() {
    }
}

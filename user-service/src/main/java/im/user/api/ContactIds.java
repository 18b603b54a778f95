package im.user.api;

/**
 * The identity of a contact relationship: {@code ct:} followed by the two user uuids sorted and joined by
 * {@code |}, so both users name the same pair, whoever asked first.
 */
public final class ContactIds {

    public static final String PREFIX = "ct:";

    private ContactIds() {
    }

    public static String of(String userA, String userB) {
        return userA.compareTo(userB) <= 0
                ? PREFIX + userA + "|" + userB
                : PREFIX + userB + "|" + userA;
    }
}

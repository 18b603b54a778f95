package im.messaging.api;

/** Identifiers of conversations. */
public final class ConversationIds {

    private ConversationIds() {
    }

    /** The Kafka key of a 1:1 conversation (the gateway's partitioning key): the two uuids sorted, joined by "|". */
    public static String pairKey(String a, String b) {
        return a.compareTo(b) <= 0 ? a + "|" + b : b + "|" + a;
    }

    /** The aggregate id of the 1:1 conversation between {@code a} and {@code b}, the same for either order. */
    public static String direct(String a, String b) {
        return "dm:" + pairKey(a, b);
    }
}

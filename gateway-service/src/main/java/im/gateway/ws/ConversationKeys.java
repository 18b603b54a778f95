package im.gateway.ws;

/**
 * The Kafka key of an inbound frame: all frames of one conversation go to one partition, so messaging-service
 * handles them in order. 1:1: the two user uuids sorted and joined by {@code |} (the same key from either side);
 * group: the group uuid.
 */
public final class ConversationKeys {

    public static final int SINGLE_CHAT = 1;
    public static final int GROUP_CHAT = 2;

    private ConversationKeys() {
    }

    public static String of(int messageType, String sender, String to) {
        if (messageType == GROUP_CHAT) {
            return to;
        }
        return sender.compareTo(to) <= 0 ? sender + "|" + to : to + "|" + sender;
    }
}

package im.messaging.api;

import java.util.regex.Pattern;

/** Identifiers of conversations and groups. */
public final class ConversationIds {

    /** The id prefix of groups (IM-SDK form). */
    public static final String GROUP_PREFIX = "[grp]";

    private static final Pattern ID = Pattern.compile(
            "(\\[usr]|\\[grp])?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern BARE_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

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

    /** The aggregate id of a group's conversation. */
    public static String group(String groupUuid) {
        return "grp:" + groupUuid;
    }

    /**
     * Whether {@code id} is a user or group id as this system makes them: {@code [usr]} or {@code [grp]} + UUID, or
     * a bare UUID (imported data). Anything else names nobody and is refused before any lookup.
     */
    public static boolean isWellFormed(String id) {
        return id != null && id.length() <= 41 && ID.matcher(id).matches();
    }

    /** The group uuid of a group conversation id ({@link #group}). */
    public static String groupOf(String conversationId) {
        return conversationId.substring("grp:".length());
    }

    /** Whether the conversation id names a group's conversation. */
    public static boolean isGroup(String conversationId) {
        return conversationId.startsWith("grp:");
    }

    /**
     * A group id as group-service names groups: a bare UUID is read as {@code [grp]<uuid>} (as group-service reads
     * one in a path); anything else is returned unchanged.
     */
    public static String groupUuid(String id) {
        return id != null && BARE_UUID.matcher(id).matches() ? GROUP_PREFIX + id : id;
    }
}

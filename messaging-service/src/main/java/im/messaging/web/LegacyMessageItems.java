package im.messaging.web;

import im.messaging.query.history.HistoryMessage;
import im.messaging.query.knownusers.KnownUser;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message in the legacy JSON shape: both the IM-SDK keys ({@code fromUuid}, {@code targetUuid}, {@code createAt})
 * and the go-chat ones ({@code fromUserId}, {@code toUserId}), plus this server's {@code messageId}, {@code seq},
 * {@code edited}/{@code editedAt}, {@code forwarded} and {@code fromDeleted}, which legacy clients ignore.
 */
final class LegacyMessageItems {

    private static final DateTimeFormatter RFC_3339_UTC = DateTimeFormatter.ISO_INSTANT;

    private LegacyMessageItems() {
    }

    /**
     * @param known     the users the message names, by uuid (missing ones fall back to the stored username)
     * @param groupName the group's name for a group message, "" for 1:1
     */
    static Map<String, Object> item(HistoryMessage message, Map<String, KnownUser> known, String groupName) {
        boolean group = message.messageType() == 2;
        KnownUser from = known.get(message.fromUuid());
        KnownUser to = group ? null : known.get(message.toUuid());
        boolean fromDeleted = from != null && from.deleted();
        String createdAt = time(message.createdAt());
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", message.id());
        item.put("messageId", message.messageId());
        item.put("seq", message.seq());
        item.put("fromUuid", message.fromUuid());
        item.put("targetUuid", message.toUuid());
        item.put("fromUserId", message.fromUuid());
        item.put("toUserId", message.toUuid());
        item.put("content", message.content());
        item.put("contentType", message.contentType());
        item.put("messageType", message.messageType());
        item.put("createAt", createdAt);
        item.put("createdAt", createdAt);
        item.put("fromUsername", fromDeleted ? KnownUser.DELETED_USERNAME
                : from != null ? from.username() : message.fromUsername());
        item.put("fromDeleted", fromDeleted);
        item.put("toUsername", to == null ? "" : to.deleted() ? KnownUser.DELETED_USERNAME : to.username());
        item.put("toGroupName", group ? groupName : "");
        item.put("avatar", from != null && !fromDeleted ? from.avatar() : "");
        item.put("url", message.url());
        item.put("edited", message.edited());
        item.put("editedAt", message.edited() ? time(message.editedAt()) : "");
        item.put("forwarded", message.forwarded());
        return item;
    }

    private static String time(Instant instant) {
        return RFC_3339_UTC.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
}

package im.messaging.web;

import im.messaging.api.ConversationIds;
import im.messaging.config.MessagingProperties;
import im.messaging.query.history.HistoryMessage;
import im.messaging.query.history.MessageHistoryRepository;
import im.messaging.query.knownusers.KnownUser;
import im.messaging.query.knownusers.KnownUsersRepository;
import im.platform.web.ApiException;
import im.platform.web.Caller;
import im.platform.web.LegacyResponse;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Legacy history route {@code GET /message}, both forms (query keys case-sensitive, as Gin bound them):
 * <ul>
 *   <li>IM-SDK: {@code ?Uuid=<me>&InteractWith=<other uuid>&MessageType=1}</li>
 *   <li>go-chat / go-chat-web: {@code ?Uuid=<me>&FriendUsername=<other username>&MessageType=1}</li>
 * </ul>
 * The conversation's latest messages (at most 1000, or {@code limit}), oldest first; items carry both the IM-SDK
 * and the go-chat key spellings. {@code MessageType=2} answers [] until groups exist (in go-chat's group form
 * {@code Uuid} is the group, so it is not checked against the caller there).
 */
@RestController
public class LegacyMessageController {

    private static final DateTimeFormatter RFC_3339_UTC = DateTimeFormatter.ISO_INSTANT;

    private final MessageHistoryRepository history;
    private final KnownUsersRepository users;
    private final MessagingProperties properties;

    public LegacyMessageController(MessageHistoryRepository history, KnownUsersRepository users,
                                   MessagingProperties properties) {
        this.history = history;
        this.users = users;
        this.properties = properties;
    }

    @GetMapping("/message")
    LegacyResponse<List<Map<String, Object>>> history(
            Caller caller,
            @RequestParam(value = "Uuid", required = false) String uuid,
            @RequestParam(value = "InteractWith", required = false) String interactWith,
            @RequestParam(value = "FriendUsername", required = false) String friendUsername,
            @RequestParam(value = "MessageType", required = false) Integer messageType,
            @RequestParam(value = "limit", required = false) Integer limit) {
        if (messageType != null && messageType == 2) {
            return LegacyResponse.ok(List.of());
        }
        if (messageType == null || messageType != 1) {
            throw ApiException.business("query type not supported");
        }
        caller.requireSelf(uuid);
        int max = properties.historyMaxLimit();
        int pageSize = limit == null ? max : limit;
        if (pageSize < 1 || pageSize > max) {
            throw ApiException.business("limit must be between 1 and " + max);
        }
        KnownUser other = otherParty(interactWith, friendUsername);
        List<HistoryMessage> messages = history.latest(ConversationIds.direct(uuid, other.uuid()), pageSize);
        Map<String, KnownUser> known = users.findByUuids(Set.of(uuid, other.uuid()));
        return LegacyResponse.ok(messages.stream().map(message -> item(message, known)).toList());
    }

    private KnownUser otherParty(String interactWith, String friendUsername) {
        if (interactWith != null && !interactWith.isBlank()) {
            return users.findByUuid(interactWith).orElseThrow(() -> ApiException.business("user doesn't exist"));
        }
        if (friendUsername != null && !friendUsername.isBlank()) {
            return users.findByUsername(friendUsername)
                    .orElseThrow(() -> ApiException.business("user doesn't exist"));
        }
        throw ApiException.business("missing parameter InteractWith or FriendUsername");
    }

    private static Map<String, Object> item(HistoryMessage message, Map<String, KnownUser> known) {
        KnownUser from = known.get(message.fromUuid());
        KnownUser to = known.get(message.toUuid());
        String createdAt = RFC_3339_UTC.format(message.createdAt().truncatedTo(ChronoUnit.MILLIS));
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
        item.put("fromUsername", from != null ? from.username() : message.fromUsername());
        item.put("toUsername", to != null ? to.username() : "");
        item.put("toGroupName", "");
        item.put("avatar", from != null ? from.avatar() : "");
        item.put("url", message.url());
        return item;
    }
}

package im.messaging.web;

import im.messaging.api.ConversationIds;
import im.messaging.config.MessagingProperties;
import im.messaging.query.groups.GroupAccess;
import im.messaging.query.groups.GroupMember;
import im.messaging.query.groups.KnownGroup;
import im.messaging.query.history.HistoryMessage;
import im.messaging.query.history.MessageHistoryRepository;
import im.messaging.query.knownusers.KnownUser;
import im.messaging.query.knownusers.KnownUsersRepository;
import im.platform.web.ApiException;
import im.platform.web.Caller;
import im.platform.web.LegacyResponse;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Legacy history route {@code GET /message}, both forms (query keys case-sensitive, as Gin bound them):
 * <ul>
 *   <li>IM-SDK: {@code ?Uuid=<me>&InteractWith=<other uuid or group>&MessageType=1|2}</li>
 *   <li>go-chat / go-chat-web: 1:1 {@code ?Uuid=<me>&FriendUsername=<other username>&MessageType=1}; group
 *       {@code ?Uuid=<group>&FriendUsername=<group name>&MessageType=2} (the reader is the caller; the name is not
 *       needed)</li>
 * </ul>
 * The conversation's latest messages (at most 1000, or {@code limit}), oldest first, without those deleted for
 * everyone or hidden by the caller (as the legacy servers did); an edited one shows its current text with
 * {@code edited: true}. Items: {@link LegacyMessageItems}. Leave windows: 1:1 only messages after the caller last left the chat with that
 * contact (all if never); group only messages since the caller's current membership began (a member who left and
 * re-joined does not see what was said before, nor while away).
 * Groups: current members only ({@code not a member of this group}); an unknown or closed group is
 * {@code group doesn't exist}. A deleted sender shows as {@code "Deleted account"} with no avatar and
 * {@code fromDeleted: true}. A username names an existing account only; a uuid also a deleted one, so a 1:1
 * history with a deleted party stays readable by {@code InteractWith}.
 */
@RestController
public class LegacyMessageController {

    private final MessageHistoryRepository history;
    private final KnownUsersRepository users;
    private final GroupAccess groups;
    private final MessagingProperties properties;

    public LegacyMessageController(MessageHistoryRepository history, KnownUsersRepository users, GroupAccess groups,
                                   MessagingProperties properties) {
        this.history = history;
        this.users = users;
        this.groups = groups;
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
        if (messageType == null || (messageType != 1 && messageType != 2)) {
            throw ApiException.business("query type not supported");
        }
        if (messageType == 2) {
            return groupHistory(caller, uuid, interactWith, limit);
        }
        caller.requireSelf(uuid);
        int pageSize = pageSize(limit);
        KnownUser other = otherParty(interactWith, friendUsername);
        Instant since = users.contactLeftAt(uuid, other.uuid()).orElse(null);
        List<HistoryMessage> messages = history.latestShown(ConversationIds.direct(uuid, other.uuid()), pageSize, since,
                uuid);
        Map<String, KnownUser> known = users.findByUuids(Set.of(uuid, other.uuid()));
        return LegacyResponse.ok(messages.stream().map(message -> LegacyMessageItems.item(message, known, ""))
                .toList());
    }

    private LegacyResponse<List<Map<String, Object>>> groupHistory(Caller caller, String uuid, String interactWith,
                                                                   Integer limit) {
        String groupId;
        if (interactWith != null && !interactWith.isBlank()) {
            caller.requireSelf(uuid); // IM-SDK: Uuid is me
            groupId = interactWith;
        } else {
            groupId = uuid; // go-chat: Uuid is the group
        }
        int pageSize = pageSize(limit);
        String group = ConversationIds.groupUuid(groupId);
        groups.awaitEventsPublishedBefore(System.currentTimeMillis());
        KnownGroup known = isId(group) ? groups.openGroup(group).orElse(null) : null;
        if (known == null) {
            throw ApiException.business("group doesn't exist");
        }
        GroupMember member = groups.currentMembership(group, caller.uuid())
                .orElseThrow(() -> ApiException.business("not a member of this group"));
        List<HistoryMessage> messages = history.latestShown(ConversationIds.group(group), pageSize,
                member.historyVisibleFrom(), caller.uuid());
        Set<String> senders = new HashSet<>();
        messages.forEach(message -> senders.add(message.fromUuid()));
        Map<String, KnownUser> knownUsers = users.findByUuids(senders);
        return LegacyResponse.ok(messages.stream()
                .map(message -> LegacyMessageItems.item(message, knownUsers, known.name())).toList());
    }

    private int pageSize(Integer limit) {
        int max = properties.historyMaxLimit();
        int pageSize = limit == null ? max : limit;
        if (pageSize < 1 || pageSize > max) {
            throw ApiException.business("limit must be between 1 and " + max);
        }
        return pageSize;
    }

    private KnownUser otherParty(String interactWith, String friendUsername) {
        if (interactWith != null && !interactWith.isBlank()) {
            return (isId(interactWith) ? users.findByUuid(interactWith) : Optional.<KnownUser>empty())
                    .orElseThrow(() -> ApiException.business("user doesn't exist"));
        }
        if (friendUsername != null && !friendUsername.isBlank()) {
            return (isId(friendUsername) ? users.findByUsername(friendUsername) : Optional.<KnownUser>empty())
                    .orElseThrow(() -> ApiException.business("user doesn't exist"));
        }
        throw ApiException.business("missing parameter InteractWith or FriendUsername");
    }

    /** A value with a control character (U+0000 would fail the query) names nobody. */
    private static boolean isId(String value) {
        return value != null && !value.isEmpty() && value.chars().noneMatch(c -> c < 0x20);
    }

}

package im.messaging.web;

import im.messaging.access.ConversationAccess;
import im.messaging.access.ReaderView;
import im.messaging.lifecycle.MessageLifecycle;
import im.messaging.lifecycle.MessageLifecycle.Forwarded;
import im.messaging.query.history.HistoryMessage;
import im.messaging.query.history.MessageHistoryRepository;
import im.messaging.query.knownusers.KnownUser;
import im.messaging.query.knownusers.KnownUsersRepository;
import im.platform.web.ApiException;
import im.platform.web.Caller;
import im.platform.web.LegacyResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * IM-SDK-Server's message routes, each naming one message by {@code ?ID=&Uuid=&MessageType=&InteractWith=}:
 * {@code ID} the message (the legacy numeric id of history items, or this server's {@code messageId}), {@code Uuid}
 * the caller (403 otherwise), {@code InteractWith} the other party or the group, {@code MessageType} 1 or 2.
 * <ul>
 *   <li>{@code GET /message/id}: the message, for a participant who sees it;</li>
 *   <li>{@code PUT /message/id} {@code {content}}: edit (author only, text only, within the edit window);</li>
 *   <li>{@code DELETE /message/id/delete-all}: delete for everyone (author, or a group admin/owner);</li>
 *   <li>{@code DELETE /message/id/delete-self}: delete for me (any participant; the others still see it);</li>
 *   <li>{@code POST /forward} {@code {targets: [...]}}: forward to users and groups; the caller is the sender.</li>
 * </ul>
 * Unlike the legacy servers: the author is checked, each participant hides messages independently, the forwarder
 * is the sender and each copy gets its target's messageType, and every change reaches the participants' open
 * sockets (see {@code docs/protocol.md}). Rules: {@link MessageLifecycle}.
 */
@RestController
public class LegacyMessageLifecycleController {

    private final ConversationAccess access;
    private final MessageLifecycle lifecycle;
    private final MessageHistoryRepository history;
    private final KnownUsersRepository users;

    public LegacyMessageLifecycleController(ConversationAccess access, MessageLifecycle lifecycle,
                                            MessageHistoryRepository history, KnownUsersRepository users) {
        this.access = access;
        this.lifecycle = lifecycle;
        this.history = history;
        this.users = users;
    }

    /** The body of an edit: only {@code content} is read (a legacy client could overwrite any column). */
    record Edit(String content) {
    }

    /** The body of a forward. */
    record Targets(List<String> targets) {
    }

    @GetMapping("/message/id")
    LegacyResponse<Map<String, Object>> get(Caller caller, @RequestParam("ID") String id,
                                            @RequestParam("Uuid") String uuid,
                                            @RequestParam("MessageType") Integer messageType,
                                            @RequestParam("InteractWith") String interactWith) {
        ReaderView view = view(caller, uuid, messageType, interactWith);
        return LegacyResponse.ok(item(view, lifecycle.message(view, id, false)));
    }

    @PutMapping("/message/id")
    LegacyResponse<Map<String, Object>> edit(Caller caller, @RequestParam("ID") String id,
                                             @RequestParam("Uuid") String uuid,
                                             @RequestParam("MessageType") Integer messageType,
                                             @RequestParam("InteractWith") String interactWith,
                                             @RequestBody Edit body) {
        ReaderView view = view(caller, uuid, messageType, interactWith);
        return LegacyResponse.ok(item(view, lifecycle.edit(view, id, body.content())));
    }

    @DeleteMapping("/message/id/delete-all")
    LegacyResponse<Map<String, Object>> deleteForEveryone(Caller caller, @RequestParam("ID") String id,
                                                          @RequestParam("Uuid") String uuid,
                                                          @RequestParam("MessageType") Integer messageType,
                                                          @RequestParam("InteractWith") String interactWith) {
        ReaderView view = view(caller, uuid, messageType, interactWith);
        lifecycle.deleteForEveryone(view, id);
        return LegacyResponse.ok(echo(id, uuid, messageType, interactWith));
    }

    @DeleteMapping("/message/id/delete-self")
    LegacyResponse<Map<String, Object>> deleteForMe(Caller caller, @RequestParam("ID") String id,
                                                    @RequestParam("Uuid") String uuid,
                                                    @RequestParam("MessageType") Integer messageType,
                                                    @RequestParam("InteractWith") String interactWith) {
        ReaderView view = view(caller, uuid, messageType, interactWith);
        lifecycle.hide(view, id);
        return LegacyResponse.ok(echo(id, uuid, messageType, interactWith));
    }

    /** Answers the last copy, as IM-SDK-Server did, plus {@code forwarded}: every copy. */
    @PostMapping("/forward")
    LegacyResponse<Map<String, Object>> forward(Caller caller, @RequestParam("ID") String id,
                                                @RequestParam("Uuid") String uuid,
                                                @RequestParam("MessageType") Integer messageType,
                                                @RequestParam("InteractWith") String interactWith,
                                                @RequestBody Targets body) {
        ReaderView view = view(caller, uuid, messageType, interactWith);
        List<Forwarded> copies = lifecycle.forward(view, id, body.targets());
        Forwarded last = copies.get(copies.size() - 1);
        // the caller wrote it (a copy stored by an earlier forward may be before their window now)
        HistoryMessage copy = history.find(last.messageId(), caller.uuid()).orElseThrow();
        Map<String, Object> answer = item(last.messageType() == 2 ? access.reader(caller.uuid(), 2, last.to()) : view,
                copy);
        answer.put("forwardedTo", copies);
        return LegacyResponse.ok(answer);
    }

    private ReaderView view(Caller caller, String uuid, Integer messageType, String interactWith) {
        caller.requireSelf(uuid);
        if (messageType == null || (messageType != 1 && messageType != 2)) {
            throw ApiException.business("query type not supported");
        }
        return access.reader(uuid, messageType, interactWith);
    }

    private Map<String, Object> item(ReaderView view, HistoryMessage message) {
        Map<String, KnownUser> known = users.findByUuids(Set.of(message.fromUuid(), message.toUuid()));
        return LegacyMessageItems.item(message, known, view.group() ? view.withName() : "");
    }

    private static Map<String, Object> echo(String id, String uuid, int messageType, String interactWith) {
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("id", !id.isEmpty() && id.length() <= 18 && id.chars().allMatch(Character::isDigit)
                ? Long.parseLong(id) : id);
        echo.put("uuid", uuid);
        echo.put("messageType", messageType);
        echo.put("interactWith", interactWith);
        return echo;
    }
}

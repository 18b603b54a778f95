package im.messaging.web.v1;

import im.messaging.access.ConversationAccess;
import im.messaging.access.ReaderView;
import im.messaging.config.MessagingProperties;
import im.messaging.lifecycle.MessageLifecycle;
import im.messaging.query.conversations.ConversationList;
import im.messaging.query.history.HistoryMessage;
import im.messaging.query.history.MessageHistoryRepository;
import im.messaging.query.knownusers.KnownUser;
import im.messaging.query.knownusers.KnownUsersRepository;
import im.messaging.web.v1.ApiViews.ConversationSummary;
import im.messaging.web.v1.ApiViews.Conversations;
import im.messaging.web.v1.ApiViews.EditRequest;
import im.messaging.web.v1.ApiViews.ForwardRequest;
import im.messaging.web.v1.ApiViews.ForwardResult;
import im.messaging.web.v1.ApiViews.HistoryGone;
import im.messaging.web.v1.ApiViews.MessagePage;
import im.messaging.web.v1.ApiViews.MessageView;
import im.messaging.web.v1.ApiViews.ReadPosition;
import im.messaging.web.v1.ApiViews.ReadRequest;
import im.platform.web.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The v1 sync and message API for clients that keep their own copy of conversations: list my conversations with
 * their last {@code seq} and my read position, fetch a conversation's messages after a {@code seq} (paged, every seq
 * accounted for: deleted and hidden messages come as tombstones), and the message lifecycle (edit, delete for
 * everyone or for me, forward, read position). A conversation is named from the caller's side by {@code with}: the
 * other user's id, or the group's. Errors are RFC 9457 problem documents ({@link ApiProblems}); the OpenAPI document
 * is {@code GET /api/v1/openapi}.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "conversations", description = "sync by seq, read positions and the message lifecycle")
public class ConversationApi {

    private final ConversationAccess access;
    private final ConversationList conversations;
    private final MessageHistoryRepository history;
    private final MessageLifecycle lifecycle;
    private final KnownUsersRepository users;
    private final MessagingProperties properties;

    public ConversationApi(ConversationAccess access, ConversationList conversations,
                           MessageHistoryRepository history, MessageLifecycle lifecycle, KnownUsersRepository users,
                           MessagingProperties properties) {
        this.access = access;
        this.conversations = conversations;
        this.history = history;
        this.lifecycle = lifecycle;
        this.users = users;
        this.properties = properties;
    }

    @GetMapping("/conversations")
    @Operation(summary = "My conversations, most recent first, with their last seq and my read position")
    public Conversations list(@Parameter(hidden = true) Caller caller) {
        return new Conversations(conversations.of(caller.uuid()).stream().map(ConversationSummary::of).toList());
    }

    @GetMapping("/conversations/{with}/messages")
    @Operation(summary = "A conversation's messages after a seq, in seq order, paged",
            description = "Every seq above 'after' that the caller may see is in the answer, a message deleted for "
                    + "everyone or hidden by the caller as a tombstone. If the caller asks for history before their "
                    + "window (they left the chat, or re-joined the group), 'gone' says from which seq on they can "
                    + "see it and why; the page then starts there.")
    public MessagePage messages(@Parameter(hidden = true) Caller caller,
                                @Parameter(description = "the other user's id or the group's id") @PathVariable String with,
                                @Parameter(description = "the last seq the client has (0: from the start)")
                                @RequestParam(defaultValue = "0") long after,
                                @Parameter(description = "at most this many messages (1..1000)")
                                @RequestParam(defaultValue = "100") int limit) {
        if (after < 0) {
            throw ApiProblems.badRequest("invalid_after", "after must be 0 or more");
        }
        if (limit < 1 || limit > properties.historyMaxLimit()) {
            throw ApiProblems.badRequest("invalid_limit", "limit must be between 1 and " + properties.historyMaxLimit());
        }
        ReaderView view = access.reader(caller.uuid(), with);
        long lastSeq = history.lastSeq(view.conversationId());
        HistoryGone gone = null;
        if (view.visibleAfter() != null && after < lastSeq) {
            OptionalLong first = history.firstVisibleSeq(view.conversationId(), view.visibleAfter());
            long firstVisible = first.orElse(lastSeq + 1);
            if (after < firstVisible - 1) {
                gone = new HistoryGone(firstVisible, view.group() ? "rejoined_group" : "left_chat",
                        view.group()
                                ? "messages before seq " + firstVisible + " were sent before you re-joined this group"
                                : "messages before seq " + firstVisible + " were sent before you left this chat");
            }
        }
        List<HistoryMessage> page = history.page(view.conversationId(), after, limit + 1, view.visibleAfter(),
                caller.uuid());
        boolean hasMore = page.size() > limit;
        List<HistoryMessage> shown = hasMore ? page.subList(0, limit) : page;
        Map<String, KnownUser> known = authors(shown);
        long nextAfter = shown.isEmpty() ? Math.max(after, gone == null ? after : gone.fromSeq() - 1)
                : shown.get(shown.size() - 1).seq();
        return new MessagePage(view.with(), view.messageType(), lastSeq,
                history.readSeq(view.conversationId(), caller.uuid()),
                shown.stream().map(message -> MessageView.of(message, known)).toList(), hasMore, nextAfter, gone);
    }

    @GetMapping("/conversations/{with}/messages/{messageId}")
    @Operation(summary = "One message (a tombstone if deleted for everyone or hidden by me)")
    public MessageView message(@Parameter(hidden = true) Caller caller, @PathVariable String with,
                               @PathVariable String messageId) {
        ReaderView view = access.reader(caller.uuid(), with);
        return view(lifecycle.message(view, messageId, true));
    }

    @PutMapping("/conversations/{with}/messages/{messageId}")
    @Operation(summary = "Edit my text message (within the edit window)")
    public MessageView edit(@Parameter(hidden = true) Caller caller, @PathVariable String with,
                            @PathVariable String messageId, @RequestBody EditRequest body) {
        ReaderView view = access.reader(caller.uuid(), with);
        return view(lifecycle.edit(view, messageId, body.content()));
    }

    @DeleteMapping("/conversations/{with}/messages/{messageId}")
    @Operation(summary = "Delete a message for everyone (author, or a group admin) or for me")
    public ResponseEntity<Void> delete(@Parameter(hidden = true) Caller caller, @PathVariable String with,
                                       @PathVariable String messageId,
                                       @Parameter(description = "everyone or me")
                                       @RequestParam(name = "for", defaultValue = "me") String scope) {
        ReaderView view = access.reader(caller.uuid(), with);
        switch (scope) {
            case "everyone" -> lifecycle.deleteForEveryone(view, messageId);
            case "me" -> lifecycle.hide(view, messageId);
            default -> throw ApiProblems.badRequest("invalid_scope", "for must be 'everyone' or 'me'");
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/conversations/{with}/messages/{messageId}/forward")
    @Operation(summary = "Forward a message to users and groups; I am the sender of every copy")
    public ForwardResult forward(@Parameter(hidden = true) Caller caller, @PathVariable String with,
                                 @PathVariable String messageId, @RequestBody ForwardRequest body) {
        ReaderView view = access.reader(caller.uuid(), with);
        return new ForwardResult(lifecycle.forward(view, messageId, body.targets()));
    }

    @PutMapping("/conversations/{with}/read")
    @Operation(summary = "Move my read position forward (never back, never past the last message)")
    public ReadPosition read(@Parameter(hidden = true) Caller caller, @PathVariable String with,
                             @RequestBody ReadRequest body) {
        ReaderView view = access.reader(caller.uuid(), with);
        return new ReadPosition(view.with(), lifecycle.markRead(view, body.seq()));
    }

    private MessageView view(HistoryMessage message) {
        return MessageView.of(message, authors(List.of(message)));
    }

    private Map<String, KnownUser> authors(List<HistoryMessage> messages) {
        Set<String> uuids = new HashSet<>();
        messages.forEach(message -> uuids.add(message.fromUuid()));
        return users.findByUuids(uuids);
    }
}

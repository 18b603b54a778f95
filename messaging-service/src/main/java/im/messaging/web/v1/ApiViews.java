package im.messaging.web.v1;

import im.messaging.lifecycle.MessageLifecycle.Forwarded;
import im.messaging.query.conversations.ConversationList;
import im.messaging.query.history.HistoryMessage;
import im.messaging.query.knownusers.KnownUser;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON documents of the v1 API. */
public final class ApiViews {

    private ApiViews() {
    }

    public record Conversations(List<ConversationSummary> conversations) {
    }

    /**
     * @param with        the other user or the group
     * @param messageType 1 (1:1) or 2 (group)
     * @param name        the other user's username ("Deleted account") or the group's name
     * @param lastSeq     the conversation's last seq (0: no message yet)
     * @param readSeq     my read position
     * @param peerReadSeq 1:1: the other party's read position; group: 0
     */
    public record ConversationSummary(String with, int messageType, String name, long lastSeq,
                                      Instant lastMessageAt, long readSeq, long peerReadSeq) {

        static ConversationSummary of(ConversationList.Entry entry) {
            return new ConversationSummary(entry.with(), entry.messageType(),
                    entry.deleted() ? KnownUser.DELETED_USERNAME : entry.name(), entry.lastSeq(),
                    entry.lastMessageAt(), entry.readSeq(), entry.peerReadSeq());
        }
    }

    /**
     * @param nextAfter the {@code after} of the next page
     * @param gone      set when history the client asked for is before the caller's window
     */
    public record MessagePage(String with, int messageType, long lastSeq, long readSeq, List<MessageView> messages,
                              boolean hasMore, long nextAfter, HistoryGone gone) {
    }

    /**
     * @param fromSeq the first seq the caller may see
     * @param reason  {@code left_chat} or {@code rejoined_group}
     */
    public record HistoryGone(long fromSeq, String reason, String detail) {
    }

    /**
     * A message as the caller sees it. A tombstone ({@code deletedForEveryone} or {@code hiddenForMe}) has no
     * content and no url.
     */
    public record MessageView(String messageId, long seq, String from, String fromUsername, boolean fromDeleted,
                              String to, int messageType, int contentType, String content, String url,
                              Instant sentAt, boolean edited, Instant editedAt, int editCount,
                              boolean deletedForEveryone, boolean hiddenForMe, boolean forwarded) {

        static MessageView of(HistoryMessage message, Map<String, KnownUser> known) {
            KnownUser author = known.get(message.fromUuid());
            boolean fromDeleted = author != null && author.deleted();
            boolean tombstone = message.deletedForAll() || message.hiddenByReader();
            return new MessageView(message.messageId(), message.seq(), message.fromUuid(),
                    fromDeleted ? KnownUser.DELETED_USERNAME : author != null ? author.username() : message.fromUsername(),
                    fromDeleted, message.toUuid(), message.messageType(), message.contentType(),
                    tombstone ? "" : message.content(), tombstone ? "" : message.url(), message.createdAt(),
                    message.edited(), message.editedAt(), message.editCount(), message.deletedForAll(),
                    message.hiddenByReader(), message.forwarded());
        }
    }

    public record EditRequest(String content) {
    }

    public record ForwardRequest(List<String> targets) {
    }

    public record ForwardResult(List<Forwarded> forwarded) {
    }

    public record ReadRequest(long seq) {
    }

    public record ReadPosition(String with, long readSeq) {
    }
}

package im.messaging.access;

import im.messaging.query.knownusers.KnownUser;
import java.util.Optional;

/**
 * Where a sender may write, as {@link ConversationAccess#requireWriter} found it (so its callers look nothing up
 * again on the message path).
 *
 * @param conversationId the aggregate id of the conversation
 * @param recipient      the other party (1:1) or the group, normalised ({@code [grp]} prefix for groups)
 * @param messageType    1 or 2
 * @param sender         the sender as the known-users projection has it, if it does yet
 */
public record WriteTarget(String conversationId, String recipient, int messageType, Optional<KnownUser> sender) {
}

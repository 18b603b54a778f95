package im.messaging.access;

import im.messaging.api.ConversationIds;
import im.messaging.api.MessageRefusedException;
import im.messaging.api.RefusalCode;
import im.messaging.config.DirectMessagePolicy;
import im.messaging.config.MessagingProperties;
import im.messaging.inbound.RecipientResolver;
import im.messaging.query.groups.GroupAccess;
import im.messaging.query.groups.GroupMember;
import im.messaging.query.groups.KnownGroup;
import im.messaging.query.knownusers.DirectPair;
import im.messaging.query.knownusers.KnownUser;
import im.messaging.query.knownusers.KnownUsersRepository;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Who may read and who may write a conversation, decided from this service's projections of the other contexts
 * (known users and contacts from user-service, groups and members from group-service); never a call to another
 * service.
 *
 * <p>Reading ({@link #reader}): a 1:1 conversation is readable by both parties from the start of the reader's
 * window (after their last leave of the chat); a group's by current members, from the start of their current
 * membership if they ever left. Writing ({@link #requireWriter}): a sender whose account still exists; 1:1 a
 * recipient that exists (not deleted) and, under the contacts-only policy, is a mutual active contact; group a
 * current member of an open group, as of every group event published before the frame arrived.
 */
@Component
public class ConversationAccess {

    private static final int DIRECT = 1;
    private static final int GROUP = 2;

    private final KnownUsersRepository users;
    private final RecipientResolver recipients;
    private final GroupAccess groups;
    private final MessagingProperties properties;

    public ConversationAccess(KnownUsersRepository users, RecipientResolver recipients, GroupAccess groups,
                              MessagingProperties properties) {
        this.users = users;
        this.recipients = recipients;
        this.groups = groups;
        this.properties = properties;
    }

    /**
     * The conversation of {@code reader} with {@code with} (a user for messageType 1, a group for 2) as the reader
     * may see it.
     *
     * @throws MessageRefusedException {@code unknown_recipient} ("user doesn't exist"), {@code unknown_group}
     *                                 ("group doesn't exist") or {@code not_group_member}
     */
    public ReaderView reader(String reader, int messageType, String with) {
        if (messageType == GROUP) {
            String group = ConversationIds.groupUuid(with);
            groups.awaitEventsPublishedBefore(System.currentTimeMillis());
            KnownGroup known = (isId(group) ? groups.openGroup(group) : Optional.<KnownGroup>empty())
                    .orElseThrow(() -> new MessageRefusedException(RefusalCode.UNKNOWN_GROUP, "group doesn't exist"));
            GroupMember member = groups.currentMembership(group, reader)
                    .orElseThrow(() -> new MessageRefusedException(RefusalCode.NOT_GROUP_MEMBER,
                            "not a member of this group"));
            return new ReaderView(ConversationIds.group(group), GROUP, reader, group, known.name(),
                    member.historyVisibleFrom(), member.moderator());
        }
        if (messageType != DIRECT) {
            throw new MessageRefusedException(RefusalCode.UNSUPPORTED_MESSAGE_TYPE, "query type not supported");
        }
        KnownUser other = (isId(with) ? users.findByUuid(with) : Optional.<KnownUser>empty())
                .orElseThrow(() -> new MessageRefusedException(RefusalCode.UNKNOWN_RECIPIENT, "user doesn't exist"));
        return new ReaderView(ConversationIds.direct(reader, other.uuid()), DIRECT, reader, other.uuid(),
                other.deleted() ? KnownUser.DELETED_USERNAME : other.username(),
                users.contactLeftAt(reader, other.uuid()).orElse(null), false);
    }

    /** As {@link #reader(String, int, String)}, the type told by the id: {@code [grp]...} or a known group. */
    public ReaderView reader(String reader, String with) {
        return reader(reader, messageTypeOf(with), with);
    }

    /** 2 for a group id ({@code [grp]} prefix, or a bare UUID that names a known group), else 1. */
    public int messageTypeOf(String id) {
        if (id != null && id.startsWith(ConversationIds.GROUP_PREFIX)) {
            return GROUP;
        }
        if (isId(id) && users.findByUuid(id).isEmpty()
                && groups.openGroup(ConversationIds.groupUuid(id)).isPresent()) {
            return GROUP;
        }
        return DIRECT;
    }

    /**
     * Checks that {@code sender} may write to {@code to} now and answers where (with the sender as known).
     *
     * @param arrivedAtMs when the frame or request reached the server: group changes answered before count
     * @throws MessageRefusedException {@code account_deleted}, {@code unknown_recipient}, {@code not_contact},
     *                                 {@code unknown_group}, {@code not_group_member},
     *                                 {@code unsupported_message_type}
     */
    public WriteTarget requireWriter(String sender, int messageType, String to, long arrivedAtMs) {
        if (messageType == DIRECT) {
            return requireDirectWriter(sender, to);
        }
        Optional<KnownUser> known = users.findByUuid(sender);
        requireNotDeleted(known);
        if (messageType == GROUP) {
            String group = ConversationIds.groupUuid(to);
            groups.awaitEventsPublishedBefore(arrivedAtMs);
            if (!isId(group) || groups.openGroup(group).isEmpty()) {
                throw new MessageRefusedException(RefusalCode.UNKNOWN_GROUP, "group doesn't exist");
            }
            if (groups.currentMembership(group, sender).isEmpty()) {
                throw new MessageRefusedException(RefusalCode.NOT_GROUP_MEMBER, "you are not a member of this group");
            }
            return new WriteTarget(ConversationIds.group(group), group, GROUP, known);
        }
        throw new MessageRefusedException(RefusalCode.UNSUPPORTED_MESSAGE_TYPE,
                "messageType " + messageType + " is not supported");
    }

    /**
     * The 1:1 part of {@link #requireWriter}. Both parties and the contact pair are read in one statement; only a
     * negative answer (recipient not known yet, not contacts yet) is asked again through the {@link
     * RecipientResolver}, which waits for the projection's lag.
     */
    private WriteTarget requireDirectWriter(String sender, String to) {
        // an id with a control character (U+0000 would fail the query) is nobody's
        DirectPair pair = isId(to)
                ? users.directPair(sender, to)
                : new DirectPair(users.findByUuid(sender), Optional.empty(), false);
        requireNotDeleted(pair.sender());
        Optional<KnownUser> recipient = pair.recipient().isPresent() || !isId(to)
                ? pair.recipient()
                : recipients.resolve(to);
        if (recipient.filter(user -> !user.deleted()).isEmpty()) {
            throw new MessageRefusedException(RefusalCode.UNKNOWN_RECIPIENT, "user doesn't exist");
        }
        if (properties.policy() == DirectMessagePolicy.CONTACTS_ONLY && !pair.mutualContacts()
                && !recipients.areMutualContacts(sender, to)) {
            throw new MessageRefusedException(RefusalCode.NOT_CONTACT, "you can only message your contacts");
        }
        return new WriteTarget(ConversationIds.direct(sender, to), to, DIRECT, pair.sender());
    }

    private static void requireNotDeleted(Optional<KnownUser> sender) {
        if (sender.filter(KnownUser::deleted).isPresent()) {
            throw new MessageRefusedException(RefusalCode.ACCOUNT_DELETED, "your account was deleted");
        }
    }

    /**
     * Checks that {@code caller} may relay call signalling or screen frames to {@code callee}: 1:1 only, both
     * accounts exist, and they are mutual active contacts whatever the direct-message policy (a call rings; a
     * stranger must not be able to make anyone's device ring).
     *
     * @throws MessageRefusedException {@code calls_are_one_to_one}, {@code account_deleted},
     *                                 {@code unknown_recipient} or {@code not_contact}
     */
    public void requireCallPeer(String caller, String callee) {
        if (callee != null && (callee.startsWith(ConversationIds.GROUP_PREFIX) || messageTypeOf(callee) == GROUP)) {
            throw new MessageRefusedException(RefusalCode.CALLS_ARE_ONE_TO_ONE, "calls and screen sharing are 1:1 only");
        }
        if (users.findByUuid(caller).filter(KnownUser::deleted).isPresent()) {
            throw new MessageRefusedException(RefusalCode.ACCOUNT_DELETED, "your account was deleted");
        }
        if (!isId(callee) || recipients.resolve(callee).filter(user -> !user.deleted()).isEmpty()) {
            throw new MessageRefusedException(RefusalCode.UNKNOWN_RECIPIENT, "user doesn't exist");
        }
        if (!recipients.areMutualContacts(caller, callee)) {
            throw new MessageRefusedException(RefusalCode.NOT_CONTACT, "you can only call your contacts");
        }
    }

    /** Only a well-formed id names anyone ({@link ConversationIds#isWellFormed}). */
    static boolean isId(String value) {
        return ConversationIds.isWellFormed(value);
    }
}

package im.messaging.inbound;

import im.messaging.access.ConversationAccess;
import im.messaging.access.ReaderView;
import im.messaging.access.WriteTarget;
import im.messaging.config.MessagingProperties;
import im.messaging.delivery.DeliveryPublisher;
import im.messaging.delivery.Frames;
import im.messaging.lifecycle.MessageLifecycle;
import im.messaging.query.groups.GroupsRepository;
import im.proto.Message;
import im.proto.frames.InboundFrame;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The socket frames that are not messages: {@code read} (a read position, stored as an event of the conversation and
 * relayed by the delivery processor) and {@code typing} (relayed at once, never stored). Both need the sender to be
 * in the conversation: a reader of it for {@code read}, a writer for {@code typing}. A group's typing frames go to
 * its other current members only while it has at most {@code group-signals-max-members}.
 */
@Component
public class ConversationSignals {

    private final ConversationAccess access;
    private final MessageLifecycle lifecycle;
    private final GroupsRepository groups;
    private final DeliveryPublisher publisher;
    private final MessagingProperties properties;

    public ConversationSignals(ConversationAccess access, MessageLifecycle lifecycle, GroupsRepository groups,
                               DeliveryPublisher publisher, MessagingProperties properties) {
        this.access = access;
        this.lifecycle = lifecycle;
        this.groups = groups;
        this.publisher = publisher;
        this.properties = properties;
    }

    /** "I have read up to {@code seq}". */
    public void read(InboundFrame inbound) {
        Message frame = inbound.getFrame();
        ReaderView view = access.reader(inbound.getSenderUuid(), frame.getMessageType(), frame.getTo());
        lifecycle.markRead(view, frame.getSeq());
    }

    /** "I am typing": to the other participants' sockets, now or never. */
    public void typing(InboundFrame inbound) {
        Message frame = inbound.getFrame();
        String typist = inbound.getSenderUuid();
        WriteTarget target = access.requireWriter(typist, frame.getMessageType(), frame.getTo(),
                inbound.getReceivedAtMs());
        List<String> recipients;
        if (target.messageType() == 2) {
            List<String> members = groups.activeMembers(target.recipient());
            recipients = members.size() <= properties.groupSignalsMaxMembers()
                    ? members.stream().filter(member -> !member.equals(typist)).toList()
                    : List.of();
        } else {
            recipients = List.of(target.recipient());
        }
        Message typing = Frames.typing(typist, target.recipient(), target.messageType());
        publisher.publishAll(recipients.stream().map(recipient -> Frames.live(recipient, typing)).toList());
    }
}

package im.messaging.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits and tuning of messaging-service ({@code im.messaging.*}).
 *
 * @param maxTextLength         longest accepted text message, in Unicode code points
 * @param maxClientMessageIdLength longest accepted client message id
 * @param recipientWait         how long an inbound frame waits for its recipient to appear in the known-users
 *                              projection (a user registered a moment ago may not have arrived from Kafka yet);
 *                              it holds up the listener thread, so keep it short
 * @param conversationCacheSize conversations kept in memory between commands (LRU); each holds up to
 *                              {@code Conversation.DEDUPE_WINDOW} recent dedupe keys
 * @param snapshotThreshold     events after which a conversation snapshot is taken
 * @param historyMaxLimit       most messages one history request returns
 * @param pendingMaxLimit       most inbox entries one pending request returns
 * @param directMessagePolicy   {@code contacts-only} (1:1 messages only between active contacts, both directions)
 *                              or {@code open} (to any existing user); anything else fails the start
 * @param editWindow            how long after sending its author may edit a text message
 * @param deleteWindow          how long after sending its author may delete a message for everyone (group admins
 *                              and the owner may at any time)
 * @param forwardMaxTargets     most targets of one forward request
 * @param groupSignalsMaxMembers read and typing frames of a group go to its members only while it has at most this
 *                              many (above it, only to the reader's or typist's own devices)
 * @param groupEventsWait       how long a group frame waits for the groups projection to apply every group event
 *                              published before it (see {@code GroupEventsCatchUp}); 0 turns the wait off
 */
@ConfigurationProperties("im.messaging")
public record MessagingProperties(
        @DefaultValue("5000") int maxTextLength,
        @DefaultValue("128") int maxClientMessageIdLength,
        @DefaultValue("300ms") Duration recipientWait,
        @DefaultValue("256") int conversationCacheSize,
        @DefaultValue("200") int snapshotThreshold,
        @DefaultValue("1000") int historyMaxLimit,
        @DefaultValue("1000") int pendingMaxLimit,
        @DefaultValue("contacts-only") String directMessagePolicy,
        @DefaultValue("2s") Duration groupEventsWait,
        @DefaultValue("24h") Duration editWindow,
        @DefaultValue("48h") Duration deleteWindow,
        @DefaultValue("20") int forwardMaxTargets,
        @DefaultValue("100") int groupSignalsMaxMembers) {

    public MessagingProperties {
        DirectMessagePolicy.fromSetting(directMessagePolicy); // fails the start with a clear message
    }

    /** The parsed {@link #directMessagePolicy()}. */
    public DirectMessagePolicy policy() {
        return DirectMessagePolicy.fromSetting(directMessagePolicy);
    }
}

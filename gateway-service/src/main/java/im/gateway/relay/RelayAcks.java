package im.gateway.relay;

import im.proto.frames.RelayAck;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The relayed frames this gateway published with {@code want_ack} and still waits for: a {@link RelayAck} addressed
 * to this gateway (consumed by {@link RelayConsumer}) completes the wait. An entry lives from {@link #expect} until
 * its ack, its timeout, a cancelled wait, or {@link #forget}, so the map holds only the dials and offers of the last
 * {@code ack-timeout} and those being published. {@link CallRelay} registers an entry when the publication starts
 * (so an ack that comes back before the wait is subscribed is kept) and forgets it when the publication fails or is
 * cancelled; once published, it subscribes to the wait, which ends by itself.
 */
@Component
public class RelayAcks {

    private final Map<String, Sinks.One<Integer>> waiting = new ConcurrentHashMap<>();

    /**
     * Starts waiting for the ack of {@code frameId} (before the frame is published, so an early ack is not missed).
     * The entry stays until the answer is subscribed to and ends (ack, timeout, cancel) or {@link #forget} is called:
     * a caller must do one of the two.
     *
     * @return true once a gateway reported the frame written to a socket, false if none did within {@code timeout}
     *         (counted from the subscription)
     */
    public Mono<Boolean> expect(String frameId, Duration timeout) {
        Sinks.One<Integer> sink = Sinks.one();
        waiting.put(frameId, sink);
        return sink.asMono()
                .map(sockets -> true)
                // the entry goes before the answer is emitted (an ack removed it already), so a caller that saw the
                // answer never sees it still waiting; doFinally covers a cancelled wait
                .timeout(timeout, Mono.fromSupplier(() -> {
                    waiting.remove(frameId, sink);
                    return false;
                }))
                .doFinally(signal -> waiting.remove(frameId, sink));
    }

    /** Stops waiting for {@code frameId} (its publication failed). */
    public void forget(String frameId) {
        waiting.remove(frameId);
    }

    /** A gateway wrote the frame to at least one socket of its recipient. */
    public void acknowledged(RelayAck ack) {
        Sinks.One<Integer> sink = waiting.remove(ack.getFrameId());
        if (sink != null) {
            sink.tryEmitValue(ack.getSockets());
        }
    }

    /** Frames still waiting for an ack. */
    public int waiting() {
        return waiting.size();
    }
}

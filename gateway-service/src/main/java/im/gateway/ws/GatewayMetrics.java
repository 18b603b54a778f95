package im.gateway.ws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The gateway's metrics, on {@code /actuator/prometheus} of the metrics port only
 * ({@link im.gateway.web.ManagementServer}, {@code GATEWAY_MANAGEMENT_PORT}; never the public port). Prometheus
 * names (every series also carries {@code application="gateway-service"}):
 * <ul>
 *   <li>{@code im_gateway_sockets_open}: open WebSockets.</li>
 *   <li>{@code im_gateway_frames_in_total{kind}} (frames received from clients, control frames not counted) and
 *       {@code im_gateway_frames_out_total{kind}} (data frames written to sockets, counted once written):
 *       {@code kind} is one of the fixed {@link FrameKind} values ({@code text}, {@code picture}, {@code file},
 *       {@code audio}, {@code video}, {@code call}, {@code screen}, {@code heartbeat}, {@code ack}, {@code read},
 *       {@code typing}, {@code edit}, {@code delete}, {@code hide}, {@code error}, {@code system}, {@code other}), so
 *       the cardinality is bounded whatever clients send. Every counter is registered at start (all kinds appear
 *       at 0) and looked up by the enum, so counting a frame allocates nothing.</li>
 *   <li>{@code im_delivery_latency_seconds} (a timer: {@code _bucket{le}}, {@code _count}, {@code _sum},
 *       {@code _max}): from the gateway that received a client's frame ({@code Delivery.source_received_at_ms}) to
 *       a delivery it caused being written to a recipient's socket here, once per socket (a user with two devices
 *       counts twice); negative differences (clock skew between gateways) count as 0. Only live deliveries: entries
 *       replayed from the pending inbox, and deliveries without the time (acks of the sender, error frames), are not
 *       recorded. A percentile histogram from 1 ms to 30 s with service-level buckets at 10, 25, 50, 100, 250 and
 *       500 ms and 1, 2.5, 5 and 10 s.</li>
 *   <li>{@code im_gateway_frames_refused_total{code}}, {@code im_gateway_deliveries_duplicate_total}.</li>
 *   <li>files in frames: {@code im_gateway_files_uploaded_total{result=stored|file_too_large|bad_file|unavailable|busy}}
 *       ({@code busy}: no room among the uploads in flight).</li>
 *   <li>relayed frames (call signalling, screen frames): {@code im_gateway_relay_frames_in_total} (accepted from
 *       senders on this gateway and published), {@code im_gateway_relay_frames_out_total} (queued to recipient
 *       sockets on this gateway), {@code im_gateway_relay_screen_dropped_total} (stale screen frames replaced by a
 *       newer one before a slow reader got them) and
 *       {@code im_gateway_relay_frames_dropped_total{reason=lane_full|rate_limited|expired}}.</li>
 * </ul>
 * The gateway's Kafka clients (the delivery, relay, relay-ack and account-deletion consumers, the application's
 * producer and the relay's own) come from Spring Boot's factories, which carry Spring Kafka's Micrometer listeners:
 * their client metrics are exported as {@code kafka_consumer_*} and {@code kafka_producer_*} (for example
 * {@code kafka_consumer_fetch_manager_records_lag_max{client_id="gateway-<instance id>-delivery-0",...}}).
 */
@Component
public class GatewayMetrics {

    /** The Prometheus histogram's range and the latencies worth a bucket of their own. */
    static final Duration LATENCY_MIN = Duration.ofMillis(1);
    static final Duration LATENCY_MAX = Duration.ofSeconds(30);
    static final Duration[] LATENCY_SLOS = {Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final EnumMap<FrameKind, Counter> framesIn = new EnumMap<>(FrameKind.class);
    private final EnumMap<FrameKind, Counter> framesOut = new EnumMap<>(FrameKind.class);
    private final Timer deliveryLatency;
    private final Counter duplicates;
    private final Counter relayIn;
    private final Counter relayOut;
    private final Counter screenDropped;
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();
    private final Map<String, Counter> filesUploaded = new ConcurrentHashMap<>();
    private final Map<String, Counter> relayDropped = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry, SessionRegistry sessions) {
        this.registry = registry;
        Gauge.builder("im.gateway.sockets.open", sessions, SessionRegistry::openSockets)
                .description("open WebSocket connections on this gateway").register(registry);
        for (FrameKind kind : FrameKind.values()) {
            framesIn.put(kind, Counter.builder("im.gateway.frames.in").description("frames received from clients")
                    .tag("kind", kind.tag()).register(registry));
            framesOut.put(kind, Counter.builder("im.gateway.frames.out")
                    .description("frames written to client sockets").tag("kind", kind.tag()).register(registry));
        }
        this.deliveryLatency = Timer.builder("im.delivery.latency")
                .description("from the gateway receiving a client's frame to a delivery it caused being written to a "
                        + "recipient's socket (live deliveries only)")
                .publishPercentileHistogram()
                .minimumExpectedValue(LATENCY_MIN)
                .maximumExpectedValue(LATENCY_MAX)
                .serviceLevelObjectives(LATENCY_SLOS)
                .register(registry);
        this.duplicates = Counter.builder("im.gateway.deliveries.duplicate")
                .description("inbox deliveries not written because the socket already had them").register(registry);
        this.relayIn = Counter.builder("im.gateway.relay.frames.in")
                .description("call signalling and screen frames accepted from senders and published")
                .register(registry);
        this.relayOut = Counter.builder("im.gateway.relay.frames.out")
                .description("call signalling and screen frames queued to recipient sockets").register(registry);
        this.screenDropped = Counter.builder("im.gateway.relay.screen.dropped")
                .description("screen frames dropped because a newer one of the same sender replaced them before a "
                        + "slow reader got them").register(registry);
    }

    /** A frame received from a client (not a WebSocket control frame). */
    public void frameIn(FrameKind kind) {
        framesIn.get(kind).increment();
    }

    /** A data frame was written to a client's socket. */
    public void frameOut(FrameKind kind) {
        framesOut.get(kind).increment();
    }

    /**
     * A delivery caused by a client's frame was written to a recipient's socket at {@code nowMs}; the frame reached
     * its gateway at {@code sourceReceivedAtMs} (0 or less: unknown, nothing is recorded).
     */
    public void deliveryWritten(long sourceReceivedAtMs, long nowMs) {
        if (sourceReceivedAtMs > 0) {
            deliveryLatency.record(Math.max(0, nowMs - sourceReceivedAtMs), TimeUnit.MILLISECONDS);
        }
    }

    public void refused(FrameError error) {
        refused(error.code());
    }

    /** An error frame answered an inbound frame (codes of the gateway and of the relay permission). */
    public void refused(String code) {
        refused.computeIfAbsent(code, key -> Counter.builder("im.gateway.frames.refused")
                .description("inbound frames answered with an error frame").tag("code", key).register(registry))
                .increment();
    }

    public void duplicatesSkipped(long count) {
        if (count > 0) {
            duplicates.increment(count);
        }
    }

    /**
     * A file of a frame went to media-service: {@code stored}, or the error code the sender got; {@code busy}: it did
     * not go, the uploads in flight had no room for it (the sender got {@code unavailable}).
     */
    public void fileUpload(String result) {
        filesUploaded.computeIfAbsent(result, key -> Counter.builder("im.gateway.files.uploaded")
                .description("files of socket frames handed to media-service").tag("result", key).register(registry))
                .increment();
    }

    public void relayIn() {
        relayIn.increment();
    }

    public void relayOut() {
        relayOut.increment();
    }

    public void screenDropped() {
        screenDropped.increment();
    }

    /** A relayed frame was dropped: {@code lane_full}, {@code rate_limited} or {@code expired}. */
    public void relayDropped(String reason) {
        relayDropped.computeIfAbsent(reason, key -> Counter.builder("im.gateway.relay.frames.dropped")
                .description("relayed frames dropped").tag("reason", key).register(registry)).increment();
    }

    /** Stale screen frames dropped so far (for tests and diagnostics). */
    public double screenFramesDropped() {
        return screenDropped.count();
    }

    public double relayFramesOut() {
        return relayOut.count();
    }
}

package im.gateway.ws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Socket and frame metrics on {@code /actuator/prometheus} (of the metrics port,
 * {@link im.gateway.web.ManagementServer}; never the public port): {@code im_gateway_sockets_open},
 * {@code im_gateway_frames_in_total}, {@code im_gateway_frames_out_total},
 * {@code im_gateway_frames_refused_total{code=...}}, {@code im_gateway_deliveries_duplicate_total}; files in frames:
 * {@code im_gateway_files_uploaded_total{result=stored|file_too_large|bad_file|unavailable|busy}} ({@code busy}: no
 * room among the uploads in flight); relayed frames (call
 * signalling, screen frames): {@code im_gateway_relay_frames_in_total} (accepted from senders on this gateway and
 * published), {@code im_gateway_relay_frames_out_total} (queued to recipient sockets on this gateway),
 * {@code im_gateway_relay_screen_dropped_total} (stale screen frames replaced by a newer one before a slow reader got
 * them) and {@code im_gateway_relay_frames_dropped_total{reason=lane_full|rate_limited|expired}}.
 */
@Component
public class GatewayMetrics {

    private final MeterRegistry registry;
    private final Counter framesIn;
    private final Counter framesOut;
    private final Counter duplicates;
    private final Counter relayIn;
    private final Counter relayOut;
    private final Counter screenDropped;

    public GatewayMetrics(MeterRegistry registry, SessionRegistry sessions) {
        this.registry = registry;
        Gauge.builder("im.gateway.sockets.open", sessions, SessionRegistry::openSockets)
                .description("open WebSocket connections on this gateway").register(registry);
        this.framesIn = Counter.builder("im.gateway.frames.in").description("frames received from clients")
                .register(registry);
        this.framesOut = Counter.builder("im.gateway.frames.out").description("frames handed to client sockets")
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

    public void frameIn() {
        framesIn.increment();
    }

    public void frameOut() {
        framesOut.increment();
    }

    public void refused(FrameError error) {
        refused(error.code());
    }

    /** An error frame answered an inbound frame (codes of the gateway and of the relay permission). */
    public void refused(String code) {
        Counter.builder("im.gateway.frames.refused").description("inbound frames answered with an error frame")
                .tag("code", code).register(registry).increment();
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
        Counter.builder("im.gateway.files.uploaded").description("files of socket frames handed to media-service")
                .tag("result", result).register(registry).increment();
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
        Counter.builder("im.gateway.relay.frames.dropped").description("relayed frames dropped")
                .tag("reason", reason).register(registry).increment();
    }

    /** Stale screen frames dropped so far (for tests and diagnostics). */
    public double screenFramesDropped() {
        return screenDropped.count();
    }

    public double relayFramesOut() {
        return relayOut.count();
    }
}

package im.gateway.ws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Socket and frame metrics on {@code /actuator/prometheus}: {@code im_gateway_sockets_open},
 * {@code im_gateway_frames_in_total}, {@code im_gateway_frames_out_total},
 * {@code im_gateway_frames_refused_total{code=...}}, {@code im_gateway_deliveries_duplicate_total}.
 */
@Component
public class GatewayMetrics {

    private final MeterRegistry registry;
    private final Counter framesIn;
    private final Counter framesOut;
    private final Counter duplicates;

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
    }

    public void frameIn() {
        framesIn.increment();
    }

    public void frameOut() {
        framesOut.increment();
    }

    public void refused(FrameError error) {
        Counter.builder("im.gateway.frames.refused").description("inbound frames answered with an error frame")
                .tag("code", error.code()).register(registry).increment();
    }

    public void duplicatesSkipped(long count) {
        if (count > 0) {
            duplicates.increment(count);
        }
    }
}

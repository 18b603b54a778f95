package im.gateway.web;

import im.gateway.config.GatewayProperties;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The metrics of the gateway, apart from its public port: when {@code im.gateway.management.port}
 * ({@code GATEWAY_MANAGEMENT_PORT}) is set, a small HTTP server on {@code im.gateway.management.address}
 * ({@code GATEWAY_MANAGEMENT_ADDRESS}, 127.0.0.1) answers {@code GET /actuator/prometheus} with the Prometheus text
 * format, and 404 to anything else. Unset: no such server; the public port never serves the metrics
 * ({@link ActuatorGuardFilter}).
 */
@Component
public class ManagementServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ManagementServer.class);
    static final String PROMETHEUS = "/actuator/prometheus";
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private final GatewayProperties.Management settings;
    private final ObjectProvider<PrometheusMeterRegistry> registry;
    private volatile DisposableServer server;
    private volatile boolean running;

    public ManagementServer(GatewayProperties properties, ObjectProvider<PrometheusMeterRegistry> registry) {
        this.settings = properties.management();
        this.registry = registry;
    }

    @Override
    public void start() {
        running = true;
        if (!settings.enabled()) {
            return;
        }
        PrometheusMeterRegistry prometheus = registry.getIfAvailable();
        if (prometheus == null) {
            throw new IllegalStateException("im.gateway.management.port (GATEWAY_MANAGEMENT_PORT) is set, but there "
                    + "is no Prometheus registry (management.prometheus.metrics.export.enabled is false)");
        }
        server = HttpServer.create()
                .host(settings.address())
                .port(settings.port())
                .route(routes -> routes.get(PROMETHEUS, (request, response) -> response
                        .header("Content-Type", TEXT_FORMAT)
                        .sendByteArray(Mono.fromCallable(() -> prometheus.scrape().getBytes(StandardCharsets.UTF_8))
                                .subscribeOn(Schedulers.boundedElastic()))))
                .bindNow();
        log.info("metrics at http://{}:{}{}", settings.address(), server.port(), PROMETHEUS);
    }

    @Override
    public void stop() {
        running = false;
        DisposableServer bound = server;
        server = null;
        if (bound != null) {
            bound.disposeNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The port the metrics are served on (the chosen one when {@code port} is 0); -1 when there is none. */
    public int port() {
        DisposableServer running = server;
        return running == null ? -1 : running.port();
    }
}

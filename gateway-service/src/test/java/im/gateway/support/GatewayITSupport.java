package im.gateway.support;

import static org.awaitility.Awaitility.await;

import im.gateway.accounts.DeletedAccounts;
import im.gateway.delivery.DeliveryConsumer;
import im.gateway.relay.RelayConsumer;
import im.platform.kafka.ImTopics;
import im.platform.security.TokenService;
import im.platform.test.TestInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway on a random port against the shared real Kafka, with stand-in services and a web root. Every IT class
 * extends this, so they share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class GatewayITSupport {

    protected static final StandInServices SERVICES = new StandInServices();
    protected static final Path WEB_ROOT = webRoot();
    /** Room for a 5 MB video note in a frame (the default is 16 MiB). */
    protected static final int MAX_FRAME_BYTES = 6 * 1024 * 1024;
    /** Short, so the idle close can be seen; every socket that answers the gateway's pings stays open. */
    protected static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);
    protected static final int MAX_SOCKETS_PER_USER = 3;
    /** REST message writes per user before 429; refilled by one an hour only, so a test sees the limit for sure. */
    protected static final int MESSAGE_WRITE_BURST = 5;
    /** Room for one 5 MB video note at a time among all uploads (at least {@link #MAX_FRAME_BYTES}). */
    protected static final int UPLOAD_BYTES_IN_FLIGHT = 8 * 1024 * 1024;

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "gateway_it");
        registry.add("im.gateway.instance-id", () -> "gw-it");
        registry.add("im.gateway.services.user", () -> StandInServices.url(SERVICES.user));
        registry.add("im.gateway.services.group", () -> StandInServices.url(SERVICES.group));
        registry.add("im.gateway.services.messaging", () -> StandInServices.url(SERVICES.messaging));
        registry.add("im.gateway.services.media", () -> StandInServices.url(SERVICES.media));
        registry.add("im.gateway.web-root", WEB_ROOT::toString);
        registry.add("im.gateway.ws.max-frame-bytes", () -> MAX_FRAME_BYTES + "B");
        registry.add("im.gateway.ws.idle-timeout", () -> IDLE_TIMEOUT.toMillis() + "ms");
        registry.add("im.gateway.ws.ping-interval", () -> "500ms");
        registry.add("im.gateway.ws.max-sockets-per-user", () -> MAX_SOCKETS_PER_USER);
        registry.add("im.gateway.message-write-rate-limit.burst", () -> MESSAGE_WRITE_BURST);
        registry.add("im.gateway.message-write-rate-limit.requests", () -> 1);
        registry.add("im.gateway.message-write-rate-limit.period", () -> "1h");
        registry.add("im.gateway.media.upload-bytes-in-flight", () -> UPLOAD_BYTES_IN_FLIGHT + "B");
        registry.add("im.gateway.management.port", () -> 0); // the metrics on a free port of their own
    }

    @LocalServerPort
    protected int port;
    @Autowired
    protected TokenService tokens;
    @Autowired
    protected ImTopics topics;
    @Autowired
    protected KafkaTemplate<String, byte[]> kafka;
    @Autowired
    private DeliveryConsumer deliveryConsumer;
    @Autowired
    private RelayConsumer relayConsumer;
    @Autowired
    private DeletedAccounts deletedAccounts;

    @BeforeEach
    void deliveryConsumerAndDeletedAccountsAreReady() {
        await().atMost(Duration.ofSeconds(30)).until(deliveryConsumer::isAssigned);
        await().atMost(Duration.ofSeconds(30)).until(relayConsumer::isAssigned);
        await().atMost(Duration.ofSeconds(30)).until(deletedAccounts::isLoaded);
    }

    protected String kafkaBootstrap() {
        return TestInfrastructure.get().kafkaBootstrapServers();
    }

    protected String tokenFor(String uuid, String username) {
        return tokens.issue(uuid, username).token();
    }

    private static Path webRoot() {
        try {
            Path root = Files.createTempDirectory("gateway-web-root");
            Files.writeString(root.resolve("index.html"), "<!doctype html><title>go-chat-web</title>");
            Files.writeString(root.resolve("app.js"), "console.log('app');");
            Files.writeString(root.getParent().resolve(root.getFileName() + "-secret.txt"), "outside the root");
            root.toFile().deleteOnExit();
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

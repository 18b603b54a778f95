package im.user.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import im.user.config.UserImportProperties;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** Fetching a page: timeouts, size limit, status handling, retries, no redirects, the auth header. */
class SourceClientTest {

    private static HttpServer server;
    private static final AtomicInteger calls = new AtomicInteger();
    private static final AtomicReference<String> authorization = new AtomicReference<>();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/ok", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("X-Api-Key"));
            send(exchange, 200, "[{\"username\":\"a\"}]");
        });
        server.createContext("/flaky", exchange -> send(exchange, calls.incrementAndGet() < 3 ? 503 : 200, "[]"));
        server.createContext("/missing", exchange -> {
            calls.incrementAndGet();
            send(exchange, 404, "{}");
        });
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().set("Location", "http://169.254.169.254/latest/meta-data");
            send(exchange, 302, "");
        });
        server.createContext("/garbage", exchange -> send(exchange, 200, "{\n  \"data\": [1, 2,, 3]\n}"));
        server.createContext("/big", exchange -> send(exchange, 200, "[\"" + "x".repeat(5000) + "\"]"));
        server.createContext("/big-chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write("[\"0123456789012345678901234567890123456789\",".getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // cancelled by the client
            }
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(exchange, 200, "[]");
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // the client went away
        }
    }

    private static SourceClient client(int retries, Duration readTimeout, UserImportProperties.Auth auth) {
        return new SourceClient(new UserImportProperties.Source("test", base() + "/ok", auth,
                new UserImportProperties.Paging(UserImportProperties.PagingStyle.NONE, 100, "page", "size", 1,
                        "offset", "limit", "", 1000), "",
                new UserImportProperties.Fields("", "/username", "/password", "", "/nickname", "/avatar", "/email"),
                Duration.ofSeconds(2), readTimeout, 100, DataSize.ofKilobytes(4), retries, Duration.ofMillis(10),
                false, true, new UserImportProperties.Schedule(null, null, "UTC")), JsonMapper.builder().build());
    }

    private static SourceClient client(int retries) {
        return client(retries, Duration.ofSeconds(5), new UserImportProperties.Auth(null, null));
    }

    private static String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static SourceClient.SourceFailure failure(SourceClient client, String path) {
        SourceClient.SourceFailure failure =
                catchThrowableOfType(SourceClient.SourceFailure.class, () -> client.fetch(URI.create(base() + path)));
        assertThat(failure).as(path).isNotNull();
        return failure;
    }

    @Test
    void aPageIsReadWithTheAuthHeader() throws Exception {
        SourceClient client = client(0, Duration.ofSeconds(5), new UserImportProperties.Auth("X-Api-Key", "k-123"));

        assertThat(client.fetch(URI.create(base() + "/ok")).get(0).get("username").asString()).isEqualTo("a");
        assertThat(authorization.get()).isEqualTo("k-123");
    }

    @Test
    void aHeaderTheHttpClientRefusesFailsThePageWithoutShowingTheValue() {
        // refused at start (UserImportProperties); should one get here, the JDK's message would quote it
        SourceClient client = client(2, Duration.ofSeconds(5),
                new UserImportProperties.Auth("Authorization", "Bearer s3cret-\u20ac-value"));
        calls.set(0);

        SourceClient.SourceFailure failure = failure(client, "/flaky");
        assertThat(failure.getMessage())
                .isEqualTo("the request could not be built (a header or the URL is not valid for HTTP)")
                .doesNotContain("s3cret");
        assertThat(failure.retryable()).isFalse();
        assertThat(calls.get()).as("nothing sent").isZero();
    }

    @Test
    void transientFailuresAreRetriedAndOthersAreNot() throws Exception {
        calls.set(0);
        assertThat(client(2).fetch(URI.create(base() + "/flaky")).isArray()).isTrue();
        assertThat(calls.get()).isEqualTo(3);

        calls.set(0);
        assertThat(failure(client(1), "/flaky").getMessage()).isEqualTo("HTTP 503 (after 2 attempts)");

        calls.set(0);
        assertThat(failure(client(3), "/missing").getMessage()).isEqualTo("HTTP 404");
        assertThat(calls.get()).as("a 404 is not retried").isEqualTo(1);
    }

    @Test
    void redirectsAreNotFollowed() {
        assertThat(failure(client(0), "/redirect").getMessage()).isEqualTo("HTTP 302 (redirects are not followed)");
    }

    @Test
    void malformedJsonIsReportedByPositionWithoutItsContent() {
        assertThat(failure(client(0), "/garbage").getMessage()).isEqualTo("malformed JSON at line 2, column 17");
    }

    @Test
    void answersOverTheLimitAreCutOff() {
        assertThat(failure(client(0), "/big").getMessage()).isEqualTo("answer larger than 4096 bytes");
        assertThat(failure(client(0), "/big-chunked").getMessage()).isEqualTo("answer larger than 4096 bytes");
    }

    @Test
    void aSlowPageTimesOut() {
        long start = System.nanoTime();
        SourceClient.SourceFailure failure = failure(client(0, Duration.ofMillis(300),
                new UserImportProperties.Auth(null, null)), "/slow");

        assertThat(failure.getMessage()).isEqualTo("timed out after 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void aSourceThatIsDownIsReported() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        SourceClient.SourceFailure failure = catchThrowableOfType(SourceClient.SourceFailure.class,
                () -> client(1).fetch(URI.create("http://127.0.0.1:" + port + "/users")));

        assertThat(failure.getMessage()).isEqualTo("connection refused or unreachable (after 2 attempts)");
        assertThat(List.of(failure.getMessage())).noneMatch(message -> message.contains(String.valueOf(port)));
    }
}

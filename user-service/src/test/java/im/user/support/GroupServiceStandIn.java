package im.user.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A stand-in for group-service's HTTP routes (JDK's built-in server), one per test JVM: it records every request
 * and answers what the current test told it to. By default it answers 404.
 */
public final class GroupServiceStandIn {

    /** A request as group-service would see it; {@code username} decoded from the header's UTF-8 bytes. */
    public record Request(String method, String path, String rawPath, String userId, String username) {
    }

    /** An answer; {@link #DROP} closes the connection without any answer. */
    public record Response(int status, String body) {
        public static final Response DROP = new Response(-1, null);

        public static Response ok(String dataJson) {
            return new Response(200, "{\"code\":0,\"msg\":\"SUCCESS\",\"data\":" + dataJson + "}");
        }

        public static Response refused(String msg) {
            return new Response(200, "{\"code\":-1,\"msg\":\"" + msg + "\",\"data\":null}");
        }
    }

    private static final GroupServiceStandIn INSTANCE = new GroupServiceStandIn();

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Response> handler = request -> new Response(404, "404 page not found");

    private GroupServiceStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "group-service-stand-in");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public static GroupServiceStandIn get() {
        return INSTANCE;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers every following request with {@code handler}, and forgets the requests recorded so far. */
    public void respond(Function<Request, Response> handler) {
        requests.clear();
        this.handler = handler;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String username = exchange.getRequestHeaders().getFirst("X-IM-Username");
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawPath(), exchange.getRequestHeaders().getFirst("X-IM-User-Id"),
                    username == null ? null : new String(username.getBytes(StandardCharsets.ISO_8859_1),
                            StandardCharsets.UTF_8));
            requests.add(request);
            Response response = handler.apply(request);
            if (response.status() < 0) {
                return; // closed without an answer
            }
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(response.status(), body.length);
            exchange.getResponseBody().write(body);
        }
    }
}

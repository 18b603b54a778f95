package im.media.support;

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
 * A stand-in for user-service's {@code PUT /internal/v1/users/{uuid}/avatar} (the JDK's built-in HTTP server), one
 * per test JVM: it records every request and answers what the current test told it to (by default 200).
 */
public final class UserServiceStandIn {

    /** A request as user-service would see it. */
    public record Request(String method, String path, String contentType, String body) {
    }

    /** An answer; {@link #DROP} closes the connection without one. */
    public record Response(int status, String body) {
        public static final Response DROP = new Response(-1, null);
    }

    private static final UserServiceStandIn INSTANCE = new UserServiceStandIn();

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Response> handler = UserServiceStandIn::accept;

    private UserServiceStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "user-service-stand-in");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public static UserServiceStandIn get() {
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

    /** What user-service answers when it changed the avatar. */
    public static Response accept(Request request) {
        return new Response(200, "{\"uuid\":\"x\",\"avatar\":\"y\"}");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body);
            requests.add(request);
            Response response = handler.apply(request);
            if (response.status() < 0) {
                return;
            }
            byte[] answer = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(response.status(), answer.length);
            exchange.getResponseBody().write(answer);
        }
    }
}

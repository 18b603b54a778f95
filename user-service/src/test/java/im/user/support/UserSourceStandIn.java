package im.user.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An external user source for the tests: a real HTTP server (the JDK's {@code com.sun.net.httpserver}) on a free
 * port of 127.0.0.1, serving datasets at {@code /sources/<name>} in the paging style the test picks, with faults on
 * chosen pages (an HTTP status, a delay, malformed JSON, an oversized answer, a foreign next link). One per JVM.
 */
public final class UserSourceStandIn {

    /** How a dataset answers. */
    public enum Style {
        /** Every record in one root array. */
        NONE,
        /** {@code ?page=&size=} (pages from 1), records under {@code data}. */
        PAGE,
        /** {@code ?offset=&limit=}, a root array. */
        OFFSET,
        /** {@code ?cursor=}, records under {@code data}, the next page's relative link at {@code links.next}. */
        NEXT_LINK
    }

    /** What goes wrong with a page. */
    public record Fault(int status, long delayMs, boolean malformed, int padBytes, String nextLink) {
        public static Fault status(int status) {
            return new Fault(status, 0, false, 0, null);
        }

        public static Fault delay(long ms) {
            return new Fault(0, ms, false, 0, null);
        }

        public static Fault garbage() {
            return new Fault(0, 0, true, 0, null);
        }

        public static Fault padded(int bytes) {
            return new Fault(0, 0, false, bytes, null);
        }

        public static Fault nextLink(String link) {
            return new Fault(0, 0, false, 0, link);
        }
    }

    /** A dataset and how it is served. */
    public static final class Dataset {
        private final String name;
        private volatile Style style = Style.NONE;
        private volatile int linkPageSize = 10;
        private volatile String requiredAuthorization;
        private volatile List<JsonNode> records = List.of();
        private final Map<Integer, Fault> faults = new ConcurrentHashMap<>();
        private final AtomicInteger requests = new AtomicInteger();
        private final AtomicInteger refusedAuth = new AtomicInteger();
        private final List<String> queries = new CopyOnWriteArrayList<>();

        Dataset(String name) {
            this.name = name;
        }

        public Dataset style(Style style) {
            this.style = style;
            return this;
        }

        /** Records per page of the next-link style. */
        public Dataset linkPageSize(int size) {
            this.linkPageSize = size;
            return this;
        }

        /** Answer 401 unless the request's {@code Authorization} is exactly this. */
        public Dataset requireAuthorization(String value) {
            this.requiredAuthorization = value;
            return this;
        }

        public Dataset records(List<? extends JsonNode> records) {
            this.records = List.copyOf(records);
            return this;
        }

        public List<JsonNode> records() {
            return records;
        }

        /** Replaces record {@code index} (from 0). */
        public synchronized void replace(int index, JsonNode record) {
            List<JsonNode> copy = new ArrayList<>(records);
            copy.set(index, record);
            records = List.copyOf(copy);
        }

        /** A fault on page {@code page} (from 1) until cleared. */
        public Dataset fault(int page, Fault fault) {
            faults.put(page, fault);
            return this;
        }

        public Dataset clearFaults() {
            faults.clear();
            return this;
        }

        public int requests() {
            return requests.get();
        }

        public int refusedAuth() {
            return refusedAuth.get();
        }

        public List<String> queries() {
            return List.copyOf(queries);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static UserSourceStandIn instance;

    private final HttpServer server;
    private final Map<String, Dataset> datasets = new ConcurrentHashMap<>();

    private UserSourceStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/sources/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "user-source-stand-in");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    public static synchronized UserSourceStandIn get() {
        if (instance == null) {
            try {
                instance = new UserSourceStandIn();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    /** The URL of dataset {@code name}. */
    public String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/sources/" + name;
    }

    public Dataset dataset(String name) {
        return datasets.computeIfAbsent(name, Dataset::new);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String name = exchange.getRequestURI().getPath().substring("/sources/".length());
            Dataset dataset = datasets.get(name);
            if (dataset == null) {
                send(exchange, 404, "{\"error\":\"no such source\"}");
                return;
            }
            dataset.requests.incrementAndGet();
            dataset.queries.add(String.valueOf(exchange.getRequestURI().getRawQuery()));
            String required = dataset.requiredAuthorization;
            if (required != null && !required.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                dataset.refusedAuth.incrementAndGet();
                send(exchange, 401, "{\"error\":\"unauthorized\"}");
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI());
            List<JsonNode> all = dataset.records;
            int from;
            int to;
            int page;
            switch (dataset.style) {
                case PAGE -> {
                    int size = Integer.parseInt(query.getOrDefault("size", "10"));
                    page = Integer.parseInt(query.getOrDefault("page", "1"));
                    from = (page - 1) * size;
                    to = from + size;
                }
                case OFFSET -> {
                    int limit = Integer.parseInt(query.getOrDefault("limit", "10"));
                    from = Integer.parseInt(query.getOrDefault("offset", "0"));
                    to = from + limit;
                    page = from / limit + 1;
                }
                case NEXT_LINK -> {
                    from = Integer.parseInt(query.getOrDefault("cursor", "0"));
                    to = from + dataset.linkPageSize;
                    page = from / dataset.linkPageSize + 1;
                }
                default -> {
                    from = 0;
                    to = all.size();
                    page = 1;
                }
            }
            Fault fault = dataset.faults.get(page);
            if (fault != null && fault.delayMs() > 0) {
                try {
                    Thread.sleep(fault.delayMs());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (fault != null && fault.status() > 0) {
                send(exchange, fault.status(), "{\"error\":\"failing on purpose\"}");
                return;
            }
            if (fault != null && fault.malformed()) {
                send(exchange, 200, "[{\"id\": 1, \"username\": \"x\", ]] not json <html>");
                return;
            }
            ArrayNode items = JSON.createArrayNode();
            all.subList(Math.min(from, all.size()), Math.min(to, all.size())).forEach(items::add);
            JsonNode body;
            if (dataset.style == Style.PAGE || dataset.style == Style.NEXT_LINK) {
                ObjectNode object = JSON.createObjectNode();
                object.set("data", items);
                object.put("total", all.size());
                if (dataset.style == Style.NEXT_LINK) {
                    ObjectNode links = object.putObject("links");
                    if (fault != null && fault.nextLink() != null) {
                        links.put("next", fault.nextLink());
                    } else if (to < all.size()) {
                        links.put("next", "/sources/" + name + "?cursor=" + to);
                    } else {
                        links.putNull("next");
                    }
                }
                if (fault != null && fault.padBytes() > 0) {
                    object.put("padding", "x".repeat(fault.padBytes()));
                }
                body = object;
            } else {
                body = items;
                if (fault != null && fault.padBytes() > 0) {
                    items.add(JSON.createObjectNode().put("padding", "x".repeat(fault.padBytes())));
                }
            }
            send(exchange, 200, JSON.writeValueAsString(body));
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return params;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // the client went away (a timeout on its side)
        }
    }
}

package im.deploy.load;

import im.deploy.load.Accounts.User;
import im.proto.Message;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Drives a running stack through its gateway with real WebSocket clients speaking the protobuf protocol, and prints
 * figures (a command, not a test). Scenarios:
 * <ul>
 *   <li>{@code baseline}: the socket layer alone: clients send heartbeats and wait for the pong (the gateway answers
 *       them itself, nothing is stored); round trips per second and their latency are the ceiling every other
 *       figure is stated against;</li>
 *   <li>{@code idle}: opens {@code --connections} sockets and holds them; reports how many are held and the gateway's
 *       resident memory per connection;</li>
 *   <li>{@code direct}: {@code --pairs} pairs of contacts, each sender sending 1:1 texts so that all together send
 *       {@code --rate} messages/s for {@code --duration}; sent and delivered per second, lost, duplicated, and
 *       end-to-end latency (send by the tool -> frame received by the tool, same clock);</li>
 *   <li>{@code group}: one group of {@code --group-size} members, all connected; {@code --group-messages} texts one after
 *       the other; latency to every member and to the last member of each message;</li>
 *   <li>{@code catchup}: a recipient misses {@code --messages} messages, then connects: time until it has all.</li>
 * </ul>
 * Each scenario also prints the CPU and memory of every service process found on this machine. For large runs start
 * the stack with a low BCrypt cost and raised rate limits (docs/performance.md).
 *
 * <pre>
 * java -Dloader.main=im.deploy.load.LoadTool -jar deploy/target/im-launcher.jar --url http://localhost:8888 \
 *      --scenario all|baseline|idle|direct|group|catchup [--connections 1000] [--pairs 50] [--rate 500]
 *      [--duration 30] [--group-size 200] [--group-messages 10] [--messages 1000]
 * </pre>
 */
public final class LoadTool {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private final String base;
    private final String ws;
    private final Map<String, String> options;
    private final Accounts accounts;
    private double baselinePerSecond;

    private LoadTool(Map<String, String> options) {
        this.options = options;
        this.base = options.getOrDefault("url", "http://localhost:8888");
        this.ws = base.replaceFirst("^http", "ws");
        this.accounts = new Accounts(http, base);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        LoadTool tool = new LoadTool(options);
        String scenario = options.getOrDefault("scenario", "all");
        System.out.printf("IM load tool against %s, %d cores, %s%n", tool.base,
                Runtime.getRuntime().availableProcessors(), java.time.Instant.now());
        List<String> run = scenario.equals("all") ? List.of("baseline", "idle", "direct", "group", "catchup")
                : List.of(scenario.split(","));
        for (String name : run) {
            Map<String, ProcessStats.Sample> before = ProcessStats.snapshot();
            long started = System.nanoTime();
            switch (name) {
                case "baseline" -> tool.baseline();
                case "idle" -> tool.idle();
                case "direct" -> tool.direct();
                case "group" -> tool.group();
                case "catchup" -> tool.catchup();
                default -> throw new IllegalArgumentException("unknown scenario " + name);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.print(ProcessStats.report(before, ProcessStats.snapshot(), seconds));
        }
        System.exit(0);
    }

    private int option(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, String.valueOf(fallback)));
    }

    // ------------------------------------------------------------------------------------------------ scenarios

    private void baseline() throws Exception {
        int clients = option("baseline-clients", 50);
        Duration duration = Duration.ofSeconds(option("duration", 20));
        List<User> users = accounts.create("base", Math.max(1, clients / 10), 8);
        Latencies latencies = new Latencies();
        LongAdder roundTrips = new LongAdder();
        List<LoadSocket> sockets = new ArrayList<>();
        Map<LoadSocket, AtomicLong> sentAt = new ConcurrentHashMap<>();
        long end = System.nanoTime() + duration.toNanos();
        for (int i = 0; i < clients; i++) {
            User user = users.get(i % users.size());
            LoadSocket[] self = new LoadSocket[1];
            AtomicLong pending = new AtomicLong();
            LoadSocket socket = open(user, "", (frame, now) -> {
                if (frame.getType().equals("heatbeat")) {
                    latencies.record(now - pending.get());
                    roundTrips.increment();
                    if (now < end) {
                        pending.set(System.nanoTime());
                        self[0].send(heartbeat());
                    }
                }
            });
            self[0] = socket;
            sentAt.put(socket, pending);
            sockets.add(socket);
        }
        long started = System.nanoTime();
        sentAt.forEach((socket, pending) -> {
            pending.set(System.nanoTime());
            socket.send(heartbeat());
        });
        Thread.sleep(duration.toMillis() + 500);
        double seconds = (System.nanoTime() - started) / 1e9;
        baselinePerSecond = roundTrips.sum() / seconds;
        System.out.printf("%n[baseline] %d sockets, heartbeat round trips through the gateway (nothing stored): "
                + "%.0f/s; latency %s%n", clients, baselinePerSecond, latencies.summary());
        sockets.forEach(LoadSocket::close);
    }

    private void idle() throws Exception {
        int connections = option("connections", 1000);
        Map<String, ProcessStats.Sample> before = ProcessStats.snapshot();
        List<User> users = accounts.create("idle", (connections + 9) / 10, 8);
        List<LoadSocket> sockets = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            try {
                sockets.add(open(users.get(i / 10), "", (frame, now) -> { }));
            } catch (RuntimeException e) {
                System.out.printf("[idle] connection %d failed: %s%n", i, e.getCause());
                break;
            }
        }
        double openSeconds = (System.nanoTime() - started) / 1e9;
        Thread.sleep(option("hold", 10) * 1000L);
        long held = sockets.stream().filter(socket -> !socket.isClosed()).count();
        ProcessStats.Sample gatewayBefore = before.get("gateway-service");
        ProcessStats.Sample gatewayAfter = ProcessStats.snapshot().get("gateway-service");
        String perConnection = gatewayBefore == null || gatewayAfter == null ? "gateway not on this machine"
                : String.format("gateway rss +%d MiB = %.1f KB per connection",
                        (gatewayAfter.rssBytes() - gatewayBefore.rssBytes()) >> 20,
                        (gatewayAfter.rssBytes() - gatewayBefore.rssBytes()) / 1024.0 / Math.max(1, held));
        System.out.printf("%n[idle] %d of %d connections held after %d s (opened in %.1f s); %s%n", held,
                connections, option("hold", 10), openSeconds, perConnection);
        sockets.forEach(LoadSocket::close);
    }

    private void direct() throws Exception {
        int pairs = option("pairs", 50);
        int rate = option("rate", 500);
        Duration duration = Duration.ofSeconds(option("duration", 30));
        List<User> users = accounts.create("direct", pairs * 2, 8);
        for (int i = 0; i < pairs; i++) {
            accounts.befriend(users.get(2 * i), users.get(2 * i + 1));
        }
        Thread.sleep(1000); // contacts reach messaging-service over Kafka
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Set<String> received = ConcurrentHashMap.newKeySet();
        LongAdder duplicates = new LongAdder();
        Latencies latencies = new Latencies();
        BiConsumer<Message, Long> recipient = (frame, now) -> {
            if (frame.getType().isEmpty() && frame.getContentType() == 1) {
                Long sent = sentAt.get(frame.getContent());
                if (!received.add(frame.getContent())) {
                    duplicates.increment();
                } else if (sent != null) {
                    latencies.record(now - sent);
                }
            }
        };
        List<LoadSocket> senders = new ArrayList<>();
        List<LoadSocket> recipients = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            senders.add(open(users.get(2 * i), "", (frame, now) -> { }));
            recipients.add(open(users.get(2 * i + 1), "", recipient));
        }
        long intervalNanos = 1_000_000_000L / rate;
        long started = System.nanoTime();
        long end = started + duration.toNanos();
        long next = started;
        long sent = 0;
        while (next < end) {
            long now = System.nanoTime();
            if (now < next) {
                Thread.sleep(Math.max(0, (next - now) / 1_000_000), (int) ((next - now) % 1_000_000));
                continue;
            }
            int pair = (int) (sent % pairs);
            String id = "m" + sent;
            sentAt.put(id, System.nanoTime());
            senders.get(pair).send(text(users.get(2 * pair), users.get(2 * pair + 1), id));
            sent++;
            next += intervalNanos;
        }
        double sendSeconds = (System.nanoTime() - started) / 1e9;
        long waitUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (received.size() < sent && System.nanoTime() < waitUntil) {
            Thread.sleep(100);
        }
        double allSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%n[direct] %d pairs, target %d msg/s for %d s: sent %d (%.0f/s), delivered %d (%.0f/s over "
                        + "%.1f s), lost %d (not delivered 30 s after the last send), duplicated %d%n"
                        + "           latency send -> receive: %s%s%n", pairs, rate,
                duration.toSeconds(), sent, sent / sendSeconds, received.size(), received.size() / allSeconds,
                allSeconds, sent - received.size(), duplicates.sum(), latencies.summary(),
                // what the stack stored and delivered per second, drain time included (not the offered rate)
                ratio(received.size() / allSeconds));
        senders.forEach(LoadSocket::close);
        recipients.forEach(LoadSocket::close);
    }

    private void group() throws Exception {
        int size = option("group-size", 200);
        int messages = option("group-messages", 10);
        List<User> members = accounts.create("group", size, 8);
        String group = accounts.createGroup(members.get(0), "load-" + System.nanoTime());
        for (User member : members.subList(1, members.size())) {
            accounts.join(member, group);
        }
        Latencies perDelivery = new Latencies();
        Latencies toLast = new Latencies();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, CountDownLatch> remaining = new ConcurrentHashMap<>();
        List<LoadSocket> sockets = new ArrayList<>();
        for (User member : members.subList(1, members.size())) {
            sockets.add(open(member, "", (frame, now) -> {
                Long sent = sentAt.get(frame.getContent());
                if (frame.getMessageType() == 2 && sent != null) {
                    perDelivery.record(now - sent);
                    CountDownLatch left = remaining.get(frame.getContent());
                    left.countDown();
                    if (left.getCount() == 0) {
                        toLast.record(now - sent);
                    }
                }
            }));
        }
        LoadSocket owner = open(members.get(0), "", (frame, now) -> { });
        int delivered = 0;
        for (int i = 0; i < messages; i++) {
            String id = "g" + i;
            CountDownLatch latch = new CountDownLatch(size - 1);
            remaining.put(id, latch);
            sentAt.put(id, System.nanoTime());
            owner.send(Message.newBuilder().setFrom(members.get(0).uuid()).setTo(group).setMessageType(2)
                    .setContentType(1).setContent(id).build());
            latch.await(30, TimeUnit.SECONDS);
            delivered += (int) (size - 1 - latch.getCount());
            Thread.sleep(200);
        }
        System.out.printf("%n[group] %d members all connected, %d messages: delivered %d of %d%n"
                        + "           every delivery: %s%n           last member of each message: %s%n", size,
                messages, delivered, messages * (size - 1), perDelivery.summary(), toLast.summary());
        owner.close();
        sockets.forEach(LoadSocket::close);
    }

    private void catchup() throws Exception {
        int messages = option("messages", 1000);
        List<User> users = accounts.create("catchup", 2, 2);
        User sender = users.get(0);
        User recipient = users.get(1);
        accounts.befriend(sender, recipient);
        Thread.sleep(1000);
        LoadSocket out = open(sender, "v=2", (frame, now) -> { });
        for (int i = 0; i < messages; i++) {
            out.send(text(sender, recipient, "c" + i).toBuilder().setClientMessageId("c" + i).build());
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (lastSeq(recipient, sender) < messages && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        out.close();
        CountDownLatch all = new CountDownLatch(messages);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        long connectAt = System.nanoTime();
        AtomicLong lastAt = new AtomicLong();
        LoadSocket in = open(recipient, "v=2&since=0", (frame, now) -> {
            if (frame.getType().isEmpty() && frame.getContentType() == 1 && seen.add(frame.getContent())) {
                lastAt.set(now);
                all.countDown();
            }
        });
        boolean complete = all.await(60, TimeUnit.SECONDS);
        System.out.printf("%n[catchup] a recipient that missed %d messages connects: %s %d in %.0f ms%n", messages,
                complete ? "all" : "only", seen.size(), (lastAt.get() - connectAt) / 1e6);
        in.close();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private String ratio(double perSecond) {
        return baselinePerSecond > 0
                ? String.format("%n           = %.3f of the socket-layer baseline (%.0f round trips/s)",
                perSecond / baselinePerSecond, baselinePerSecond) : "";
    }

    private LoadSocket open(User user, String parameters, BiConsumer<Message, Long> onFrame) {
        URI uri = URI.create(ws + "/socket.io?user=" + Accounts.enc(user.uuid()) + "&token="
                + Accounts.enc(user.token()) + (parameters.isEmpty() ? "" : "&" + parameters));
        return LoadSocket.open(http, uri, onFrame).orTimeout(60, TimeUnit.SECONDS).join();
    }

    private long lastSeq(User reader, User with) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/conversations/"
                        + Accounts.enc(with.uuid()) + "/messages?limit=1&after=0"))
                .header("Authorization", "Bearer " + reader.token()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? Accounts.JSON.readTree(response.body()).path("lastSeq").asLong() : 0;
    }

    private static Message heartbeat() {
        return Message.newBuilder().setType("heatbeat").setContent("ping").build();
    }

    private static Message text(User from, User to, String content) {
        return Message.newBuilder().setFrom(from.uuid()).setFromUsername(from.username()).setTo(to.uuid())
                .setMessageType(1).setContentType(1).setContent(content).build();
    }
}

package im.deploy;

import static im.deploy.StackClient.FRAME_TIMEOUT;
import static im.deploy.StackClient.QUIET;
import static im.deploy.StackClient.closeAll;
import static im.deploy.StackClient.enc;
import static im.deploy.StackClient.groupText;
import static im.deploy.StackClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import im.deploy.StackClient.User;
import im.proto.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A 200-member group with every member connected: one message reaches all 199 others exactly once. Prints how long
 * the fan-out took (send to the last member's frame), next to a 1:1 delivery measured in the same run as the
 * baseline; no timing is asserted (the machine is shared and noisy). The figures go to docs/measurements.md.
 */
@Order(4)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupFanOutE2EIT {

    private static final int MEMBERS = 200;
    private static final int ROUNDS = 3;

    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private StackClient client;
    private List<User> members;
    private String group;
    private final List<LegacySocket> sockets = new ArrayList<>();

    @BeforeAll
    void twoHundredMembersConnected() throws Exception {
        client = new StackClient(LocalStack.get());
        long started = System.nanoTime();
        members = all(IntStream.range(0, MEMBERS)
                .mapToObj(i -> (Callable<User>) () -> client.registerAndLogIn("fan" + i)).toList());
        User owner = members.get(0);
        group = client.post("/group/" + enc(owner.uuid()), Map.of("name", StackClient.uniqueName("crowd")), owner)
                .ok().path("uuid").asText();
        all(members.subList(1, MEMBERS).stream().map(member -> (Callable<Object>) () ->
                client.post("/group/join/" + enc(member.uuid()) + "/" + enc(group), null, member).ok()).toList());
        // messaging-service learns the members over Kafka: wait until it counts every one of them in
        all(members.stream().map(member -> (Callable<Object>) () -> client.until(
                () -> client.get("/message?Uuid=" + enc(member.uuid()) + "&InteractWith=" + enc(group)
                        + "&MessageType=2", member), reply -> reply.code() == 0, "member in messaging")).toList());
        client.post("/interact", Map.of("uuid", owner.uuid(), "interactWith", members.get(1).username()), owner).ok();
        sockets.addAll(all(members.stream()
                .map(member -> (Callable<LegacySocket>) () -> client.openWithToken(member)).toList()));
        System.out.printf(Locale.ROOT, "[fan-out] %d members registered, joined and connected in %.1f s%n",
                MEMBERS, (System.nanoTime() - started) / 1e9);
    }

    @AfterAll
    void closeEverything() {
        try {
            closeAll(sockets);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void oneMessageReachesEveryOtherMemberOnceAndTheFanOutTimeIsPrinted() throws Exception {
        User owner = members.get(0);
        LegacySocket ownerSocket = sockets.get(0);
        LegacySocket second = sockets.get(1);

        List<Double> baselineMs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long sent = System.nanoTime();
            ownerSocket.send(text(owner, members.get(1), "1:1 baseline " + i));
            Message frame = second.next(FRAME_TIMEOUT);
            assertThat(frame).as("1:1 baseline delivered").isNotNull();
            baselineMs.add((second.lastFrameNanos() - sent) / 1e6);
        }

        List<Double> fanOutMs = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            String content = "fan-out round " + round;
            long sent = System.nanoTime();
            ownerSocket.send(groupText(owner, group, content));
            long lastArrival = 0;
            for (int m = 1; m < MEMBERS; m++) {
                LegacySocket socket = sockets.get(m);
                Message frame = socket.next(FRAME_TIMEOUT);
                assertThat(frame).as("member " + m + " got round " + round).isNotNull();
                assertThat(frame.getContent()).isEqualTo(content);
                assertThat(frame.getFrom()).isEqualTo(group);
                assertThat(frame.getTo()).isEqualTo(owner.uuid());
                lastArrival = Math.max(lastArrival, socket.lastFrameNanos());
            }
            fanOutMs.add((lastArrival - sent) / 1e6);
        }
        for (LegacySocket socket : sockets) {
            assertThat(socket.drain(java.time.Duration.ZERO)).as("exactly one frame per message").isEmpty();
        }
        assertThat(ownerSocket.drain(QUIET)).as("no echo to the sender").isEmpty();

        double baseline = median(baselineMs);
        double fanOut = median(fanOutMs);
        System.out.printf(Locale.ROOT, "[fan-out] group of %d, all connected: send -> last of %d members %s ms "
                        + "(median %.1f ms); 1:1 delivery baseline in the same run %s ms (median %.1f ms); "
                        + "fan-out / 1:1 = %.1f%n", MEMBERS, MEMBERS - 1, format(fanOutMs), fanOut,
                format(baselineMs), baseline, fanOut / baseline);
    }

    private <T> List<T> all(List<Callable<T>> tasks) throws Exception {
        List<T> results = new ArrayList<>();
        for (Future<T> future : pool.invokeAll(tasks)) {
            results.add(future.get());
        }
        return results;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String format(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList().toString();
    }
}

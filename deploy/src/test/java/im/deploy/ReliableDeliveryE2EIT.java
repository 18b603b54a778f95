package im.deploy;

import static im.deploy.StackClient.enc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.deploy.StackClient.User;
import im.proto.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Reliable delivery through the running stack: a sender sends 1,000 messages as fast as the gateway takes them while
 * the recipient's device keeps dropping its connection and coming back with {@code since} = the last inbox position
 * it processed (a v2 client). The recipient must end with all 1,000, in the order sent, none twice; then the same
 * with messaging-service killed (SIGKILL) in the middle of the run and restarted by the launcher. The sender resends
 * what was not acknowledged, as a client would: the clientMessageId makes a resend stored once.
 */
@Order(6)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReliableDeliveryE2EIT {

    private static final int COUNT = 1000;
    /** The recipient drops its connection after this many messages on one connection (then after 1.5x, ...). */
    private static final int FIRST_RECONNECT_AFTER = 130;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);

    private LocalStack stack;
    private StackClient client;
    private User sender;
    private User recipient;
    /** The recipient device's position, kept across connections and runs as a client app keeps it. */
    private long processedInboxSeq;
    private long lastSeq;

    @BeforeAll
    void twoContacts() throws Exception {
        stack = LocalStack.get();
        client = new StackClient(stack);
        sender = client.registerAndLogIn("sally");
        recipient = client.registerAndLogIn("rick");
        client.post("/friend", Map.of("uuid", sender.uuid(), "friendUsername", recipient.username()), sender).ok();
    }

    @Test
    @Order(1)
    void aThousandMessagesArriveOnceAndInOrderWhileTheRecipientReconnects() throws Exception {
        Run run = run("r", false);

        run.assertComplete();
        assertThat(run.connections.get()).as("the recipient reconnected several times").isGreaterThanOrEqualTo(4);
    }

    @Test
    @Order(2)
    void theSameWithMessagingServiceKilledAndRestartedInTheMiddle() throws Exception {
        Run run = run("c", true);

        run.assertComplete();
        // the history is a projection of its own: after the restart it may trail the deliveries for a moment, but it
        // must reach the last delivered seq, and never pass it (a message stored twice would)
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(client.get("/api/v1/conversations/"
                        + enc(sender.uuid()) + "/messages?after=" + (lastSeq - 1), recipient).json()
                .path("lastSeq").asLong()).as("stored once each").isEqualTo(lastSeq));
    }

    /** What one run saw. */
    private final class Run {
        final List<String> sent = new ArrayList<>();
        final List<String> received = new ArrayList<>();
        final List<Long> seqs = new ArrayList<>();
        final List<String> duplicates = new ArrayList<>();
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger resent = new AtomicInteger();
        long firstSeq;

        void assertComplete() {
            assertThat(duplicates).as("frames received twice").isEmpty();
            assertThat(received).as("every message, in the order sent").containsExactlyElementsOf(sent);
            List<Long> expectedSeqs = new ArrayList<>();
            for (long seq = firstSeq; seq < firstSeq + COUNT; seq++) {
                expectedSeqs.add(seq);
            }
            assertThat(seqs).as("gapless seqs").containsExactlyElementsOf(expectedSeqs);
        }
    }

    private Run run(String prefix, boolean crashMessaging) throws Exception {
        Run run = new Run();
        run.firstSeq = lastSeq + 1;
        for (int i = 1; i <= COUNT; i++) {
            run.sent.add(prefix + "-" + String.format("%04d", i));
        }
        AtomicBoolean done = new AtomicBoolean();
        long started = System.nanoTime();
        CompletableFuture<Void> receiving = CompletableFuture.runAsync(() -> receive(run, done));
        try {
            send(run, crashMessaging);
            receiving.get(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            done.set(true);
        }
        lastSeq = run.seqs.isEmpty() ? lastSeq : run.seqs.get(run.seqs.size() - 1);
        System.out.printf("[reliable] %s: %d messages, %d recipient connections, %d resent, %.1f s%s%n", prefix,
                COUNT, run.connections.get(), run.resent.get(), (System.nanoTime() - started) / 1e9,
                crashMessaging ? " (messaging-service killed and restarted)" : "");
        return run;
    }

    /**
     * The sender: every message once, with a clientMessageId, without waiting; then, until every one is acked,
     * resends the unacked ones whenever no ack came for a few seconds (on a new socket if its socket was closed).
     */
    private void send(Run run, boolean crashMessaging) throws Exception {
        Map<String, Boolean> acked = new LinkedHashMap<>();
        run.sent.forEach(id -> acked.put(id, false));
        LegacySocket socket = client.openV2(sender);
        try {
            for (int i = 0; i < COUNT; i++) {
                String id = run.sent.get(i);
                if (crashMessaging && i == COUNT / 3) {
                    stack.crash("messaging-service");
                }
                try {
                    socket.send(frame(id));
                } catch (CompletionException closed) {
                    // the server closed the socket (1013 while messaging-service is down, say, because its pending
                    // inbox could not be fetched): the resend loop below reconnects and sends what was not acked
                }
                drainAcks(socket, acked);
            }
            if (crashMessaging) {
                stack.awaitRestarted("messaging-service", Duration.ofMinutes(2));
            }
            long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
            long lastResend = System.nanoTime();
            int ackedBefore = count(acked);
            while (acked.containsValue(false)) {
                assertThat(System.nanoTime()).as("every message acked").isLessThan(deadline);
                if (socket.closeCode().isDone()) {
                    socket.close();
                    socket = openOrRetry(sender, "v=2");
                    lastResend = 0;
                }
                int ackedNow = count(acked);
                if (ackedNow > ackedBefore) {
                    ackedBefore = ackedNow;
                    lastResend = System.nanoTime(); // progress: nothing to resend yet
                }
                if (System.nanoTime() - lastResend > Duration.ofSeconds(5).toNanos()) {
                    for (Map.Entry<String, Boolean> entry : acked.entrySet()) {
                        if (!entry.getValue() && !socket.closeCode().isDone()) {
                            try {
                                socket.send(frame(entry.getKey()));
                                run.resent.incrementAndGet();
                            } catch (CompletionException closed) {
                                break; // reconnected at the top of the loop
                            }
                        }
                    }
                    lastResend = System.nanoTime();
                }
                Message frame = socket.next(Duration.ofMillis(200));
                if (frame != null) {
                    ack(frame, acked);
                }
            }
        } finally {
            socket.close();
        }
    }

    private static int count(Map<String, Boolean> acked) {
        return (int) acked.values().stream().filter(Boolean::booleanValue).count();
    }

    private Message frame(String id) {
        return StackClient.text(sender, recipient, id).toBuilder().setClientMessageId(id).build();
    }

    private static void drainAcks(LegacySocket socket, Map<String, Boolean> acked) throws InterruptedException {
        for (Message frame; (frame = socket.next(Duration.ZERO)) != null; ) {
            ack(frame, acked);
        }
    }

    private static void ack(Message frame, Map<String, Boolean> acked) {
        if (frame.getType().equals("ack") && acked.containsKey(frame.getClientMessageId())) {
            acked.put(frame.getClientMessageId(), true);
        }
    }

    /**
     * The recipient device: a v2 socket from {@code since} = its position; records each message, acknowledges every
     * 25 (and before it drops the connection on purpose), drops the connection after 130, 195, 292... messages,
     * and reconnects whenever the server closed it (1013 while messaging-service is down).
     */
    private void receive(Run run, AtomicBoolean done) {
        Set<Long> seenInbox = new HashSet<>();
        int dropAfter = FIRST_RECONNECT_AFTER;
        try {
            while (run.received.size() < COUNT && !done.get()) {
                LegacySocket socket = openOrRetry(recipient, "v=2&since=" + processedInboxSeq);
                run.connections.incrementAndGet();
                int onThisConnection = 0;
                try {
                    while (run.received.size() < COUNT && !done.get() && !socket.closeCode().isDone()) {
                        Message frame = socket.next(Duration.ofMillis(200));
                        if (frame == null || !frame.getType().isEmpty() || !frame.getFrom().equals(sender.uuid())) {
                            continue;
                        }
                        if (frame.getInboxSeq() <= processedInboxSeq || !seenInbox.add(frame.getInboxSeq())) {
                            run.duplicates.add(frame.getContent() + "@" + frame.getInboxSeq());
                            continue;
                        }
                        run.received.add(frame.getContent());
                        run.seqs.add(frame.getSeq());
                        processedInboxSeq = frame.getInboxSeq();
                        onThisConnection++;
                        if (onThisConnection % 25 == 0) {
                            try {
                                socket.send(Message.newBuilder().setType("ack").setInboxSeq(processedInboxSeq)
                                        .build());
                            } catch (CompletionException closed) {
                                break; // the server closed the socket: reconnect from the position kept here
                            }
                        }
                        if (onThisConnection >= dropAfter) {
                            dropAfter = dropAfter * 3 / 2;
                            break;
                        }
                    }
                } finally {
                    socket.close();
                }
                if (onThisConnection == 0) {
                    Thread.sleep(300); // closed by the server before anything came (a restart): not in a tight loop
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens a socket, retrying while the stack refuses (503 during a restart) or the connect fails. */
    private LegacySocket openOrRetry(User user, String parameters) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            try {
                return client.openWith(user, parameters);
            } catch (RuntimeException | AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }
}

package im.deploy;

import static im.deploy.StackClient.enc;
import static im.deploy.StackClient.groupText;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import im.deploy.StackClient.User;
import im.proto.Message;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Scale-out on one machine (issue 7): a stack of its own, started by the launcher as the README says with
 * {@code IM_GATEWAY_INSTANCES=2} and {@code IM_MESSAGING_INSTANCES=2} against one Kafka and one PostgreSQL, and
 * {@code IM_RESTART_LIMIT=0}, so that a killed instance stays dead and what follows is the other instance taking
 * over, not a restart. Users are connected to different gateways: 1:1 both ways and a group with members on both.
 * Then a sender streams {@value #COUNT} messages (v2 socket, clientMessageIds) to a recipient on the other gateway
 * (v2 socket, reconnecting now and then with {@code since}), and the messaging instance that holds the
 * {@code delivery} processor's token claim (read from {@code token_entry}) is killed with SIGKILL a third of the
 * way in. Every message must be acked to the sender without a resend, delivered once and in order, and be in the
 * history; 1:1 and group chat across the gateways work afterwards. Prints how long the takeover took.
 *
 * <p>Runs first ({@code @Order(0)}), before the shared stack of the other end-to-end classes is started, and stops
 * its own stack at the end, so the two never compete for the machine.
 *
 * <p>The gateway instance k sends its HTTP calls (pending inbox of a new socket, {@code /api/v1}) to messaging
 * instance k, so the recipient, who reconnects, is put on the gateway of the instance that survives; the sender
 * stays on the other gateway, whose open socket keeps working through Kafka alone while its messaging instance is
 * dead.
 */
@Order(0)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutE2EIT {

    private static final int COUNT = 600;
    private static final int KILL_AT = COUNT / 3;
    private static final int FIRST_RECONNECT_AFTER = 150;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    /** The sender resends unacked messages only after this long without progress: more than a takeover takes. */
    private static final Duration RESEND_AFTER = Duration.ofSeconds(40);
    private static final String MESSAGING = "messaging-service";
    /** between two sends: a steady stream (about 600 in 10 s) rather than one burst the server works off later */
    private static final Duration SEND_PAUSE = Duration.ofMillis(15);

    private long classStart;
    private LocalStack stack;
    /** index 1 and 2: a client of gateway instance 1 and 2 */
    private final StackClient[] gateway = new StackClient[3];
    private User ann; // gateway 1
    private User bob; // gateway 2
    private User cat; // gateway 1
    private User dan; // gateway 2
    private String group;
    /** sockets opened before the kill and kept: a gateway whose messaging instance died opens no new ones */
    private final Map<User, LegacySocket> sockets = new LinkedHashMap<>();
    private String victim;
    private String survivor;

    @BeforeAll
    void aStackWithTwoGatewaysAndTwoMessagingInstances() throws Exception {
        classStart = System.nanoTime();
        stack = LocalStack.startDedicated(Map.of(
                "IM_GATEWAY_INSTANCES", "2",
                "IM_MESSAGING_INSTANCES", "2",
                "IM_RESTART_LIMIT", "0"));
        System.out.printf(Locale.ROOT, "[scale-out] stack with 2 gateways and 2 messaging instances ready in %.1f s%n",
                seconds(classStart));
        gateway[1] = new StackClient(stack, stack.gatewayPort(1));
        gateway[2] = new StackClient(stack, stack.gatewayPort(2));
        ann = gateway[1].registerAndLogIn("ann");
        bob = gateway[2].registerAndLogIn("bob");
        cat = gateway[1].registerAndLogIn("cat");
        dan = gateway[2].registerAndLogIn("dan");
        gateway[1].post("/friend", Map.of("uuid", ann.uuid(), "friendUsername", bob.username()), ann).ok();
        group = gateway[1].post("/group/" + enc(ann.uuid()), Map.of("name", StackClient.uniqueName("both-sides")),
                ann).ok().path("uuid").asText();
        gateway[2].post("/group/join/" + enc(bob.uuid()) + "/" + enc(group), null, bob).ok();
        gateway[1].post("/group/join/" + enc(cat.uuid()) + "/" + enc(group), null, cat).ok();
        gateway[2].post("/group/join/" + enc(dan.uuid()) + "/" + enc(group), null, dan).ok();
    }

    @AfterAll
    void stopTheStack() throws Exception {
        sockets.values().forEach(LegacySocket::close);
        if (stack != null) {
            stack.stop();
        }
        System.out.printf(Locale.ROOT, "[scale-out] whole class incl. start and stop of its stack: %.1f s%n",
                seconds(classStart));
    }

    @Test
    @Order(1)
    void twoInstancesOfEachRunAndOneOfTheMessagingInstancesHoldsTheDeliveryClaim() throws Exception {
        List<Long> pids = List.of(stack.pidOf("gateway-service"), stack.pidOf("gateway-service-2"),
                stack.pidOf(MESSAGING), stack.pidOf(MESSAGING + "-2"));
        assertThat(pids).doesNotHaveDuplicates()
                .allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true));
        victim = awaitDeliveryClaimHolder(null, Duration.ofSeconds(30));
        survivor = victim.equals(MESSAGING) ? MESSAGING + "-2" : MESSAGING;
        System.out.printf("[scale-out] the delivery processor runs on %s (pid %d)%n", victim, stack.pidOf(victim));
    }

    @Test
    @Order(2)
    void clientsOnDifferentGatewaysChatOneToOneBothWaysAndInAGroup() throws Exception {
        for (User user : List.of(ann, bob, cat, dan)) {
            sockets.put(user, gatewayOf(user).openV2(user));
        }
        gateway[2].until(() -> gateway[2].get(groupHistory(dan), dan), reply -> reply.code() == 0,
                "messaging-service knows the group members");

        chatAcrossGateways("before the kill");

        reportEditsThroughBothInstances();
    }

    /**
     * An HTTP command such as an edit runs on the gateway's own messaging instance, which may not hold the
     * Conversation aggregate's current state in its cache (the other instance handled the previous edit): the
     * command is retried on the stored conversation, so every edit succeeds (asserted). Reported, not asserted: how
     * long each took, since the instance that does not hold the history projection waits its read-your-writes
     * timeout (docs/design.md, "Scale-out").
     */
    private void reportEditsThroughBothInstances() throws Exception {
        Message ack = oneToOne(ann, bob, "to be edited");
        List<String> outcomes = new ArrayList<>();
        for (int instance : List.of(1, 2, 1)) {
            long start = System.nanoTime();
            StackClient.Reply reply = gateway[instance].put("/message/id?ID=" + ack.getMessageId() + "&Uuid="
                    + enc(ann.uuid()) + "&MessageType=1&InteractWith=" + enc(bob.uuid()),
                    Map.of("content", "edited " + outcomes.size()), ann);
            outcomes.add(String.format(Locale.ROOT, "through gateway %d (messaging-service%s): HTTP %d code %d in "
                    + "%.2f s", instance, instance == 1 ? "" : "-2", reply.status(), reply.code(), seconds(start)));
            assertThat(reply.status()).as("edit %d through gateway %d: %s", outcomes.size(), instance, reply.body())
                    .isEqualTo(200);
            assertThat(reply.code()).as("edit %d through gateway %d: %s", outcomes.size(), instance, reply.body())
                    .isZero();
        }
        System.out.println("[scale-out] edits of one message (the history projection is held by "
                + claimHolderOf("message-history") + "): " + String.join("; ", outcomes));
        for (String log : List.of("messaging-service.log", "messaging-service-2.log")) {
            java.nio.file.Files.readAllLines(stack.dataDirectory().resolve("logs").resolve(log)).stream()
                    .filter(line -> line.contains("\"ERROR\"") || line.contains("Exception"))
                    .limit(3)
                    .forEach(line -> System.out.println("[scale-out] " + log + ": "
                            + line.substring(0, Math.min(line.length(), 700))));
        }
    }

    @Test
    @Order(3)
    void killingTheMessagingInstanceThatRunsDeliveryMidStreamLosesNothing() throws Exception {
        victim = awaitDeliveryClaimHolder(null, Duration.ofSeconds(30));
        survivor = victim.equals(MESSAGING) ? MESSAGING + "-2" : MESSAGING;
        // the recipient reconnects, so it uses the gateway whose messaging instance survives (its pending inbox)
        int survivorInstance = survivor.equals(MESSAGING) ? 1 : 2;
        User recipient = survivorInstance == 1 ? ann : bob;
        User sender = recipient == ann ? bob : ann;
        Run run = new Run(sender, recipient, gatewayOf(sender), gatewayOf(recipient));
        for (int i = 1; i <= COUNT; i++) {
            run.sent.add("s-" + String.format("%04d", i));
        }
        long lastSeqBefore = gatewayOf(recipient).get("/api/v1/conversations/" + enc(sender.uuid())
                + "/messages?after=0&limit=1", recipient).json().path("lastSeq").asLong();

        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<Void> claimWatch = CompletableFuture.runAsync(() -> watchClaim(run, done));
        long started = System.nanoTime();
        CompletableFuture<Void> receiving = CompletableFuture.runAsync(() -> receive(run, done));
        try {
            send(run);
            receiving.get(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            done.set(true);
            claimWatch.get(10, TimeUnit.SECONDS);
        }
        double runSeconds = seconds(started);

        assertThat(run.duplicates).as("frames received twice").isEmpty();
        assertThat(run.received).as("every message, in the order sent").containsExactlyElementsOf(run.sent);
        List<Long> expectedSeqs = new ArrayList<>();
        for (long seq = lastSeqBefore + 1; seq <= lastSeqBefore + COUNT; seq++) {
            expectedSeqs.add(seq);
        }
        assertThat(run.seqs).as("gapless seqs, stored once each").containsExactlyElementsOf(expectedSeqs);
        assertThat(run.resent.get()).as("acked without a resend: the server lost nothing").isZero();
        assertThat(ProcessHandle.of(stack.pidOf(victim)).map(ProcessHandle::isAlive)).as("not restarted")
                .isNotEqualTo(java.util.Optional.of(true));
        assertThat(stack.output()).contains("giving up on " + victim + ": restarts are off");
        assertThat(run.claimMovedNanos.get()).as("the survivor claimed the delivery processor").isPositive();
        assertThat(run.receivedBeforeKill).as("the recipient was receiving when the instance died")
                .isGreaterThanOrEqualTo(KILL_AT / 2);

        // the history is a projection of its own (message-history, one segment, maybe claimed by the killed
        // instance too): it catches up once the survivor holds its claim
        long historyFrom = System.nanoTime();
        List<String> history = List.of();
        while (System.nanoTime() - historyFrom < Duration.ofSeconds(60).toNanos()) {
            history = StackClient.texts(gatewayOf(recipient).get("/api/v1/conversations/" + enc(sender.uuid())
                    + "/messages?after=" + lastSeqBefore + "&limit=1000", recipient).json().path("messages"),
                    "content");
            if (history.size() >= COUNT) {
                break;
            }
            Thread.sleep(250);
        }
        double historySeconds = seconds(historyFrom);

        System.out.printf(Locale.ROOT, "[scale-out] %d messages %s (gateway %d) -> %s (gateway %d) in %.1f s, "
                        + "%d recipient connections, %d resent; %s (pid %d) killed after %d sent and %d received; "
                        + "delivery claim taken over by %s %.1f s after the kill; of the messages sent after the "
                        + "kill the first ack came %.1f s and the first delivery %.1f s after it; longest pause "
                        + "between two frames at the recipient %.1f s%n",
                COUNT, sender.username(), run.senderGateway(), recipient.username(), run.recipientGateway(),
                runSeconds, run.connections.get(), run.resent.get(), victim, run.victimPid, KILL_AT,
                run.receivedBeforeKill, survivor, (run.claimMovedNanos.get() - run.killNanos) / 1e9,
                (run.firstAckAfterKillNanos.get() - run.killNanos) / 1e9,
                (run.firstPostKillDeliveryNanos.get() - run.killNanos) / 1e9, run.longestPauseNanos.get() / 1e9);
        System.out.printf(Locale.ROOT, "[scale-out] the history had all %d messages %.1f s after the last was "
                + "delivered%n", history.size(), historySeconds);
        assertThat(history).as("the history has them all, in order").containsExactlyElementsOf(run.sent);
    }

    @Test
    @Order(4)
    void afterTheTakeoverOneToOneAndGroupChatStillWorkAcrossTheGateways() throws Exception {
        assertThat(sockets.values()).as("the sockets opened before the kill are still open")
                .allSatisfy(socket -> assertThat(socket.closeCode().isDone()).isFalse());
        chatAcrossGateways("after the takeover");
    }

    // ------------------------------------------------------------------------------------------------ chat

    /** ann (gateway 1) and bob (gateway 2) both ways; the group from a member on each gateway. */
    private void chatAcrossGateways(String when) throws Exception {
        oneToOne(ann, bob, "hi bob, ann on gateway 1, " + when);
        oneToOne(bob, ann, "hi ann, bob on gateway 2, " + when);
        inGroup(ann, "ann to the group from gateway 1, " + when);
        inGroup(dan, "dan to the group from gateway 2, " + when);
    }

    private Message oneToOne(User from, User to, String text) throws Exception {
        LegacySocket out = sockets.get(from);
        String id = "cm-" + java.util.UUID.randomUUID();
        out.send(StackClient.text(from, to, text).toBuilder().setClientMessageId(id).build());
        Message received = nextMatching(sockets.get(to), frame -> frame.getContent().equals(text));
        assertThat(received.getFrom()).isEqualTo(from.uuid());
        Message ack = nextMatching(out, frame -> frame.getType().equals("ack") && frame.getClientMessageId().equals(id));
        assertThat(ack.getSeq()).isEqualTo(received.getSeq());
        return ack;
    }

    private void inGroup(User from, String text) throws Exception {
        sockets.get(from).send(groupText(from, group, text));
        for (User member : List.of(ann, bob, cat, dan)) {
            if (member != from) {
                Message received = nextMatching(sockets.get(member), frame -> frame.getContent().equals(text));
                assertThat(received.getFrom()).as("from = the group").isEqualTo(group);
                assertThat(received.getTo()).as("to = the sender").isEqualTo(from.uuid());
            }
        }
    }

    private static Message nextMatching(LegacySocket socket, java.util.function.Predicate<Message> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Message frame = socket.next(Duration.ofMillis(200));
            if (frame != null && wanted.test(frame)) {
                return frame;
            }
        }
        throw new AssertionError("no such frame within 30 s");
    }

    private StackClient gatewayOf(User user) {
        return user == ann || user == cat ? gateway[1] : gateway[2];
    }

    private String groupHistory(User me) {
        return "/message?Uuid=" + enc(me.uuid()) + "&InteractWith=" + enc(group) + "&MessageType=2";
    }

    // ------------------------------------------------------------------------------------------------ the stream

    /** What the stream saw. */
    private final class Run {
        final User sender;
        final User recipient;
        final StackClient senderClient;
        final StackClient recipientClient;
        final List<String> sent = new ArrayList<>();
        final List<String> received = new ArrayList<>();
        final List<Long> seqs = new ArrayList<>();
        final List<String> duplicates = new ArrayList<>();
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger resent = new AtomicInteger();
        final AtomicLong claimMovedNanos = new AtomicLong();
        final AtomicLong firstAckAfterKillNanos = new AtomicLong();
        final AtomicLong longestPauseNanos = new AtomicLong();
        final AtomicLong firstPostKillDeliveryNanos = new AtomicLong();
        final AtomicInteger receivedCount = new AtomicInteger();
        volatile int receivedBeforeKill;
        volatile long killNanos;
        volatile long victimPid;
        long processedInboxSeq;

        Run(User sender, User recipient, StackClient senderClient, StackClient recipientClient) {
            this.sender = sender;
            this.recipient = recipient;
            this.senderClient = senderClient;
            this.recipientClient = recipientClient;
        }

        int senderGateway() {
            return senderClient == gateway[1] ? 1 : 2;
        }

        int recipientGateway() {
            return recipientClient == gateway[1] ? 1 : 2;
        }
    }

    /**
     * The sender: every message once with a clientMessageId, without waiting for acks, the messaging instance
     * holding the delivery claim killed after {@value #KILL_AT}; then waits for every ack. Resends (counted) only
     * after {@link #RESEND_AFTER} without progress, or on a new socket (on the recipient's gateway) if the server
     * closed this one.
     */
    private void send(Run run) throws Exception {
        Map<String, Boolean> acked = new LinkedHashMap<>();
        Set<String> sentAfterKill = new HashSet<>();
        run.sent.forEach(id -> acked.put(id, false));
        LegacySocket socket = run.senderClient.openV2(run.sender);
        try {
            for (int i = 0; i < COUNT; i++) {
                String id = run.sent.get(i);
                if (i == KILL_AT) {
                    // mid-stream for the recipient too: messages are flowing to it when the instance dies
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (run.receivedCount.get() < KILL_AT / 2 && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    run.receivedBeforeKill = run.receivedCount.get();
                    run.victimPid = stack.pidOf(victim);
                    run.killNanos = System.nanoTime();
                    stack.crash(victim);
                }
                if (i >= KILL_AT) {
                    sentAfterKill.add(id);
                }
                try {
                    socket.send(frame(run, id));
                } catch (CompletionException closed) {
                    // reconnected and resent below
                }
                for (Message frame; (frame = socket.next(Duration.ZERO)) != null; ) {
                    ack(run, frame, acked, sentAfterKill);
                }
                Thread.sleep(SEND_PAUSE.toMillis());
            }
            long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
            long lastProgress = System.nanoTime();
            int ackedBefore = count(acked);
            while (acked.containsValue(false)) {
                assertThat(System.nanoTime()).as("every message acked, " + count(acked) + " were")
                        .isLessThan(deadline);
                boolean resend = false;
                if (socket.closeCode().isDone()) {
                    socket.close();
                    socket = openOrRetry(run.recipientClient, run.sender, "v=2");
                    resend = true;
                }
                int ackedNow = count(acked);
                if (ackedNow > ackedBefore) {
                    ackedBefore = ackedNow;
                    lastProgress = System.nanoTime();
                }
                if (resend || System.nanoTime() - lastProgress > RESEND_AFTER.toNanos()) {
                    for (Map.Entry<String, Boolean> entry : acked.entrySet()) {
                        if (!entry.getValue() && !socket.closeCode().isDone()) {
                            try {
                                socket.send(frame(run, entry.getKey()));
                                run.resent.incrementAndGet();
                            } catch (CompletionException closed) {
                                break;
                            }
                        }
                    }
                    lastProgress = System.nanoTime();
                }
                Message frame = socket.next(Duration.ofMillis(200));
                if (frame != null) {
                    ack(run, frame, acked, sentAfterKill);
                }
            }
        } finally {
            socket.close();
        }
    }

    private static Message frame(Run run, String id) {
        return StackClient.text(run.sender, run.recipient, id).toBuilder().setClientMessageId(id).build();
    }

    private static void ack(Run run, Message frame, Map<String, Boolean> acked, Set<String> sentAfterKill) {
        if (frame.getType().equals("ack") && acked.containsKey(frame.getClientMessageId())) {
            acked.put(frame.getClientMessageId(), true);
            if (sentAfterKill.contains(frame.getClientMessageId())) {
                run.firstAckAfterKillNanos.compareAndSet(0, System.nanoTime());
            }
        }
    }

    private static int count(Map<String, Boolean> acked) {
        return (int) acked.values().stream().filter(Boolean::booleanValue).count();
    }

    /**
     * The recipient device: a v2 socket from {@code since} = its position on the survivor's gateway; records each
     * message, acknowledges every 25, drops the connection after 150, 225, ... messages and reconnects.
     */
    private void receive(Run run, AtomicBoolean done) {
        Set<Long> seenInbox = new HashSet<>();
        int dropAfter = FIRST_RECONNECT_AFTER;
        long lastFrameNanos = 0;
        try {
            while (run.received.size() < COUNT && !done.get()) {
                LegacySocket socket = openOrRetry(run.recipientClient, run.recipient,
                        "v=2&since=" + run.processedInboxSeq);
                run.connections.incrementAndGet();
                int onThisConnection = 0;
                try {
                    while (run.received.size() < COUNT && !done.get() && !socket.closeCode().isDone()) {
                        Message frame = socket.next(Duration.ofMillis(200));
                        if (frame == null || !frame.getType().isEmpty() || !frame.getFrom().equals(run.sender.uuid())
                                || !frame.getContent().startsWith("s-")) {
                            continue;
                        }
                        long now = System.nanoTime();
                        if (lastFrameNanos != 0) {
                            long pause = now - lastFrameNanos;
                            run.longestPauseNanos.accumulateAndGet(pause, Math::max);
                        }
                        lastFrameNanos = now;
                        if (frame.getInboxSeq() <= run.processedInboxSeq || !seenInbox.add(frame.getInboxSeq())) {
                            run.duplicates.add(frame.getContent() + "@" + frame.getInboxSeq());
                            continue;
                        }
                        run.received.add(frame.getContent());
                        run.receivedCount.incrementAndGet();
                        if (run.killNanos != 0 && run.sent.indexOf(frame.getContent()) >= KILL_AT) {
                            run.firstPostKillDeliveryNanos.compareAndSet(0, now);
                        }
                        run.seqs.add(frame.getSeq());
                        run.processedInboxSeq = frame.getInboxSeq();
                        onThisConnection++;
                        if (onThisConnection % 25 == 0) {
                            try {
                                socket.send(Message.newBuilder().setType("ack").setInboxSeq(run.processedInboxSeq)
                                        .build());
                            } catch (CompletionException closed) {
                                break;
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
                    Thread.sleep(300);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static LegacySocket openOrRetry(StackClient client, User user, String parameters) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
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

    // ------------------------------------------------------------------------------------------------ the claim

    /** Polls {@code token_entry} until the survivor owns the delivery segment; notes when. */
    private void watchClaim(Run run, AtomicBoolean done) {
        try {
            long survivorPid = stack.pidOf(survivor);
            while (!done.get() && run.claimMovedNanos.get() == 0) {
                if (run.killNanos != 0 && Long.valueOf(survivorPid).equals(deliveryClaimOwnerPid())) {
                    run.claimMovedNanos.set(System.nanoTime());
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The messaging instance whose pid owns the delivery segment, other than {@code not}; waits for one. */
    private String awaitDeliveryClaimHolder(String not, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Long owner = deliveryClaimOwnerPid();
            for (String instance : List.of(MESSAGING, MESSAGING + "-2")) {
                if (!instance.equals(not) && owner != null && owner == stack.pidOf(instance)) {
                    return instance;
                }
            }
            if (System.nanoTime() > deadline) {
                stack.failWithDiagnostics("no messaging instance claimed the delivery processor (owner pid "
                        + owner + ")");
            }
            Thread.sleep(200);
        }
    }

    /** The instance holding {@code processor}'s segment 0 now, for the report. */
    private String claimHolderOf(String processor) throws SQLException {
        Long pid = claimOwnerPid(processor);
        for (String instance : List.of(MESSAGING, MESSAGING + "-2")) {
            if (pid != null && pid == stack.pidOf(instance)) {
                return instance;
            }
        }
        return "pid " + pid;
    }

    /** The pid in {@code token_entry.owner} ({@code <pid>@<host>}, Axon's default node id) of the delivery segment. */
    private Long deliveryClaimOwnerPid() throws SQLException {
        return claimOwnerPid("delivery");
    }

    private Long claimOwnerPid(String processor) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + stack.postgresPort() + "/im_messaging", "postgres", "postgres");
             PreparedStatement query = connection.prepareStatement(
                     "SELECT owner FROM token_entry WHERE processor_name = ? AND segment = 0")) {
            query.setString(1, processor);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next() || rows.getString(1) == null || !rows.getString(1).contains("@")) {
                    return null;
                }
                return Long.parseLong(rows.getString(1).substring(0, rows.getString(1).indexOf('@')));
            }
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}

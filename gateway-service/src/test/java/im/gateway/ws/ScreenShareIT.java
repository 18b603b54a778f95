package im.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import im.gateway.support.GatewayITSupport;
import im.gateway.support.TestSocket;
import im.proto.Message;
import im.proto.frames.Delivery;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * go-chat-web shares a screen with a JPEG data URL every 60 ms, forever. A viewer that reads slowly (here: not at
 * all for 10 s) must neither make the gateway buffer every frame nor be closed for it, and its chat messages must
 * still arrive, in order.
 */
class ScreenShareIT extends GatewayITSupport {

    private static final int FRAME_BYTES = 100 * 1024;
    private static final Duration SHARE_FOR = Duration.ofSeconds(10);

    @Autowired
    private SessionRegistry sessions;
    @Autowired
    private GatewayMetrics metrics;
    @Autowired
    private MeterRegistry registry;

    private TestSocket connect(String user, String name) {
        TestSocket socket = TestSocket.open(port, user, tokenFor(user, name));
        assertThat(socket.next().getContent()).isEqualTo("welcome!");
        return socket;
    }

    private static Message screenFrame(String to, int n) {
        String number = String.format("%06d;", n);
        return Message.newBuilder().setTo(to).setMessageType(1).setContentType(9)
                .setContent("data:image/jpeg;base64," + number + "A".repeat(FRAME_BYTES - number.length())).build();
    }

    private static int frameNumber(Message frame) {
        String content = frame.getContent();
        int start = "data:image/jpeg;base64,".length();
        return Integer.parseInt(content.substring(start, start + 6));
    }

    private void publish(String recipient, long inboxSeq) {
        Delivery delivery = Delivery.newBuilder().setRecipientUuid(recipient).setInboxSeq(inboxSeq)
                .setFrame(Message.newBuilder().setFrom("[usr]someone").setTo(recipient).setMessageType(1)
                        .setContentType(1).setContent("m" + inboxSeq))
                .build();
        kafka.send(topics.framesDelivery(), recipient, delivery.toByteArray()).join();
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    @Test
    void aSlowViewerKeepsOnlyTheNewestScreenFrameAndStillGetsItsMessagesInOrder() throws Exception {
        String alice = "[usr]" + UUID.randomUUID();
        String bob = "[usr]" + UUID.randomUUID();
        double droppedBefore = metrics.screenFramesDropped();
        try (TestSocket sharer = connect(alice, "alice"); TestSocket viewer = connect(bob, "bob")) {
            SocketConnection bobsSocket = sessions.ofUser(bob).get(0);
            viewer.pauseReading();
            long heapBefore = usedHeapAfterGc();
            AtomicInteger sent = new AtomicInteger();
            AtomicInteger maxRelayQueued = new AtomicInteger();
            AtomicInteger maxQueued = new AtomicInteger();
            ScheduledExecutorService clock = Executors.newScheduledThreadPool(3);
            try {
                // the stock client's interval: a screen frame every 60 ms
                clock.scheduleAtFixedRate(() -> sharer.send(screenFrame(bob, sent.incrementAndGet())), 0, 60,
                        TimeUnit.MILLISECONDS);
                // the viewer keeps its socket alive (it writes, it just does not read)
                clock.scheduleAtFixedRate(() -> viewer.send(Message.newBuilder().setType("heatbeat").build()), 0, 500,
                        TimeUnit.MILLISECONDS);
                clock.scheduleAtFixedRate(() -> {
                    maxRelayQueued.accumulateAndGet(bobsSocket.relayQueued(), Math::max);
                    maxQueued.accumulateAndGet(bobsSocket.queued(), Math::max);
                }, 0, 5, TimeUnit.MILLISECONDS);
                for (int n = 1; n <= 20; n++) {
                    Thread.sleep(SHARE_FOR.toMillis() / 20);
                    publish(bob, n); // stored messages for the same slow reader
                }
            } finally {
                clock.shutdownNow();
                clock.awaitTermination(5, TimeUnit.SECONDS);
            }
            Thread.sleep(500); // the last frames reach the viewer's socket
            long heapAfter = usedHeapAfterGc();
            double dropped = metrics.screenFramesDropped() - droppedBefore;
            System.out.printf("screen share to a slow reader: %d frames of %d KiB sent, %.0f dropped as stale, "
                            + "relay lane at most %d, stored queue at most %d, heap %d -> %d MiB%n", sent.get(),
                    FRAME_BYTES / 1024, dropped, maxRelayQueued.get(), maxQueued.get(), heapBefore >> 20,
                    heapAfter >> 20);

            assertThat(bobsSocket.isClosed()).as("no 1013 for screen frames").isFalse();
            assertThat(viewer.isOpen()).isTrue();
            assertThat(maxRelayQueued.get()).as("one place per sender: the newest screen frame").isLessThanOrEqualTo(1);
            assertThat(maxQueued.get()).isLessThanOrEqualTo(bobsSocket.capacity());
            assertThat(dropped).as("stale frames are dropped, not queued").isGreaterThanOrEqualTo(sent.get() / 3.0);
            assertThat(heapAfter - heapBefore).as("no per-frame buffering in the gateway")
                    .isLessThan(64L * 1024 * 1024);

            viewer.resumeReading();
            List<String> messages = new ArrayList<>();
            List<Integer> screens = new ArrayList<>();
            for (Message frame = viewer.poll(Duration.ofSeconds(3)); frame != null;
                 frame = viewer.poll(Duration.ofSeconds(1))) {
                if (frame.getContentType() == 9) {
                    assertThat(frame.getFrom()).isEqualTo(alice);
                    screens.add(frameNumber(frame));
                } else if (frame.getContentType() == 1) {
                    messages.add(frame.getContent());
                }
            }
            List<String> expected = new ArrayList<>();
            for (int n = 1; n <= 20; n++) {
                expected.add("m" + n);
            }
            assertThat(messages).as("every stored message, in order").isEqualTo(expected);
            assertThat(screens).as("newer and newer frames only").isSorted();
            assertThat(screens.get(screens.size() - 1)).as("the newest frame arrives").isEqualTo(sent.get());
            assertThat(screens.size() + dropped).as("each frame was written or dropped as stale")
                    .isEqualTo(sent.get());
        }
    }

    private double laneFullDrops() {
        Counter counter = registry.find("im.gateway.relay.frames.dropped").tag("reason", "lane_full").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void manyContactsSendingToAReaderThatReadsNothingFillItsRelayLaneUpToItsBytesOnly() throws Exception {
        String bob = "[usr]" + UUID.randomUUID();
        int senders = 6;
        int framesEach = 30; // within each sender's own budget: 30 frames, 30 x 60 KB < 2 MB
        String padding = "x".repeat(60 * 1024 - 200);
        double droppedBefore = laneFullDrops();
        List<TestSocket> sharers = new ArrayList<>();
        try (TestSocket viewer = connect(bob, "bob")) {
            SocketConnection bobsSocket = sessions.ofUser(bob).get(0);
            viewer.pauseReading();
            List<String> users = new ArrayList<>();
            for (int n = 0; n < senders; n++) {
                String user = "[usr]" + UUID.randomUUID();
                users.add(user);
                sharers.add(connect(user, "sender-" + n));
            }
            AtomicInteger maxLaneBytes = new AtomicInteger();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            try {
                sampler.scheduleAtFixedRate(() -> maxLaneBytes.accumulateAndGet(
                        (int) bobsSocket.relayQueuedBytes(), Math::max), 0, 2, TimeUnit.MILLISECONDS);
                for (int i = 0; i < framesEach; i++) {
                    for (TestSocket sharer : sharers) {
                        sharer.send(Message.newBuilder().setTo(bob).setMessageType(1).setType("webrtc")
                                .setContentType(0).setContent(i + ";" + padding).build());
                    }
                }
                Thread.sleep(1000); // the last frames reach the viewer's socket
            } finally {
                sampler.shutdownNow();
                sampler.awaitTermination(5, TimeUnit.SECONDS);
            }
            double dropped = laneFullDrops() - droppedBefore;
            int sent = senders * framesEach;
            System.out.printf("%d contacts sent %d frames of 60 KiB to a reader that reads nothing: lane at most %d "
                    + "KiB, %.0f dropped as lane_full%n", senders, sent, maxLaneBytes.get() / 1024, dropped);
            assertThat(maxLaneBytes.get()).as("at most 2 MB of relayed frames wait for one socket")
                    .isLessThanOrEqualTo(2 * 1024 * 1024);
            assertThat(dropped).as("more than the lane and the TCP buffers hold is dropped").isPositive();
            assertThat(bobsSocket.isClosed()).as("never 1013 for relayed frames").isFalse();

            viewer.resumeReading();
            Map<String, List<Integer>> received = new HashMap<>();
            for (Message frame = viewer.poll(Duration.ofSeconds(3)); frame != null;
                 frame = viewer.poll(Duration.ofSeconds(1))) {
                String content = frame.getContent();
                received.computeIfAbsent(frame.getFrom(), from -> new ArrayList<>())
                        .add(Integer.parseInt(content.substring(0, content.indexOf(';'))));
            }
            assertThat(received.keySet()).isSubsetOf(users);
            received.values().forEach(numbers -> assertThat(numbers).as("each sender's frames in order").isSorted());
            assertThat(received.values().stream().mapToInt(List::size).sum() + dropped)
                    .as("each frame was written or dropped").isEqualTo(sent);
        } finally {
            sharers.forEach(TestSocket::close);
        }
    }
}

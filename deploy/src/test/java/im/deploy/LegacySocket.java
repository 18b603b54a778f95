package im.deploy;

import com.google.protobuf.InvalidProtocolBufferException;
import im.proto.Message;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client that behaves like go-chat-web's socket: binary protobuf {@code protocol.Message} frames in both
 * directions. Received frames queue up for the test to take; a text frame from the server (which would break the
 * stock client) is recorded as a protocol violation.
 */
final class LegacySocket implements WebSocket.Listener {

    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final List<String> violations = new ArrayList<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile long lastFrameNanos;
    private volatile boolean paused;
    private volatile boolean owed;
    private WebSocket socket;

    /** @param cookie sent as the {@code Cookie} header, or {@code null} */
    static LegacySocket open(HttpClient http, URI uri, String cookie) {
        LegacySocket listener = new LegacySocket();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (cookie != null) {
            builder.header("Cookie", cookie);
        }
        listener.socket = builder.buildAsync(uri, listener).orTimeout(20, TimeUnit.SECONDS).join();
        return listener;
    }

    void send(Message frame) {
        sendRaw(frame.toByteArray());
    }

    void sendRaw(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(20, TimeUnit.SECONDS).join();
    }

    /** The next frame, or {@code null} when none arrives within {@code timeout}. */
    Message next(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Every frame that arrives within {@code quietPeriod}. */
    List<Message> drain(Duration quietPeriod) throws InterruptedException {
        Thread.sleep(quietPeriod.toMillis());
        List<Message> frames = new ArrayList<>();
        received.drainTo(frames);
        return frames;
    }

    /** Stops reading: nothing more is taken from the connection (TCP backpressure) until {@link #resumeReading}. */
    void pauseReading() {
        paused = true;
    }

    synchronized void resumeReading() {
        paused = false;
        if (owed) {
            owed = false;
            socket.request(1);
        }
    }

    private synchronized void requestNext(WebSocket webSocket) {
        if (paused) {
            owed = true;
        } else {
            webSocket.request(1);
        }
    }

    /** {@link System#nanoTime()} when the last frame arrived (0 before the first). */
    long lastFrameNanos() {
        return lastFrameNanos;
    }

    List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    CompletableFuture<Integer> closeCode() {
        return closeCode;
    }

    void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(10, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
        closeCode.orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> -1).join();
        socket.abort();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        partial.writeBytes(chunk);
        if (last) {
            byte[] whole = partial.toByteArray();
            partial.reset();
            try {
                Message frame = Message.parseFrom(whole);
                lastFrameNanos = System.nanoTime();
                received.add(frame);
            } catch (InvalidProtocolBufferException e) {
                violation("undecodable binary frame from the server: " + e.getMessage());
            }
        }
        requestNext(webSocket);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        violation("text frame from the server (go-chat-web only reads binary frames): " + data);
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
    }

    private void violation(String text) {
        synchronized (violations) {
            violations.add(text);
        }
    }
}

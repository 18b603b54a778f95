package im.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import im.proto.Message;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (JDK) speaking the legacy protobuf protocol, collecting what it receives. */
public final class TestSocket implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    /** While true the client reads nothing more from the connection (a slow reader): TCP pushes back. */
    private volatile boolean paused;
    /** The read the collector did not ask for while paused. */
    private final java.util.concurrent.atomic.AtomicBoolean owed = new java.util.concurrent.atomic.AtomicBoolean();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile String closeReason;
    private final WebSocket socket;

    private TestSocket(URI uri, Map<String, String> headers) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        this.socket = builder.buildAsync(uri, new Collector()).join();
    }

    /** Opens {@code /socket.io?user=<user>} with the given headers; fails with the handshake's exception. */
    public static TestSocket open(int port, String query, Map<String, String> headers) {
        return new TestSocket(URI.create("ws://127.0.0.1:" + port + "/socket.io?" + query), headers);
    }

    public static TestSocket open(int port, String user, String token) {
        return open(port, "user=" + encode(user), Map.of("Authorization", "Bearer " + token));
    }

    public static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    public void send(Message frame) {
        socket.sendBinary(ByteBuffer.wrap(frame.toByteArray()), true).join();
    }

    public void sendBytes(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** Stops reading: nothing more is taken from the connection until {@link #resumeReading()}. */
    public void pauseReading() {
        paused = true;
    }

    /** Reads again. */
    public void resumeReading() {
        paused = false;
        if (owed.compareAndSet(true, false)) {
            socket.request(1);
        }
    }

    /** The next binary frame within {@code wait}, decoded, or null. */
    public Message poll(Duration wait) {
        try {
            Object item = received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            return item == null ? null : Message.parseFrom((byte[]) item);
        } catch (InterruptedException | InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    public void sendText(String text) {
        socket.sendText(text, true).join();
    }

    /** The next binary frame, decoded; fails after 10 s or on a text frame. */
    public Message next() {
        try {
            Object item = received.poll(10, TimeUnit.SECONDS);
            assertThat(item).as("a frame within 10 s").isNotNull();
            assertThat(item).as("a binary frame").isInstanceOf(byte[].class);
            return Message.parseFrom((byte[]) item);
        } catch (InterruptedException | InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    /** The next frame that is not the welcome frame. */
    public Message nextAfterWelcome() {
        Message first = next();
        assertThat(first.getContent()).isEqualTo("welcome!");
        return next();
    }

    /** Asserts nothing arrives for {@code wait}. */
    public void expectNothing(Duration wait) throws InterruptedException {
        Object item = received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(item).as("no further frame").isNull();
    }

    /** Whether no close (or error) has been seen yet. */
    public boolean isOpen() {
        return !closeCode.isDone();
    }

    /** The reason of the close frame received, once {@link #awaitCloseCode()} returned. */
    public String closeReason() {
        return closeReason;
    }

    public int awaitCloseCode() {
        return closeCode.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Close code returned by {@link #awaitClosed()} when the connection failed without a close frame. */
    public static final int ABORTED = -1;

    /** The close code, or {@link #ABORTED} if the connection ended in an error; fails if still open after 10 s. */
    public int awaitClosed() {
        try {
            return closeCode.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the socket is still open");
        } catch (java.util.concurrent.ExecutionException e) {
            return ABORTED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    private final class Collector implements WebSocket.Listener {
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partial.writeBytes(chunk);
            if (last) {
                received.add(partial.toByteArray());
                partial.reset();
            }
            readMore(webSocket);
            return null;
        }

        private void readMore(WebSocket webSocket) {
            if (paused) {
                owed.set(true);
                if (paused || !owed.compareAndSet(true, false)) {
                    return; // resumeReading() asks for it
                }
            }
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            received.add(data.toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.completeExceptionally(error);
        }
    }
}

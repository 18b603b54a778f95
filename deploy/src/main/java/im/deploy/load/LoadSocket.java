package im.deploy.load;

import com.google.protobuf.InvalidProtocolBufferException;
import im.proto.Message;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * One client WebSocket of the load tool, speaking the legacy protobuf protocol. Every received frame goes to a
 * callback with its arrival time ({@link System#nanoTime()}), on the client's I/O thread: callbacks must be quick.
 * Sends are serialized (the JDK WebSocket allows one outstanding send).
 */
final class LoadSocket implements WebSocket.Listener {

    private final BiConsumer<Message, Long> onFrame;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket socket;
    private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);

    private LoadSocket(BiConsumer<Message, Long> onFrame) {
        this.onFrame = onFrame;
    }

    static CompletableFuture<LoadSocket> open(HttpClient http, URI uri, BiConsumer<Message, Long> onFrame) {
        LoadSocket listener = new LoadSocket(onFrame);
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(uri, listener)
                .thenApply(socket -> {
                    listener.socket = socket;
                    return listener;
                });
    }

    synchronized void send(Message frame) {
        ByteBuffer bytes = ByteBuffer.wrap(frame.toByteArray());
        lastSend = lastSend.exceptionally(e -> null).thenCompose(ignored -> socket.sendBinary(bytes, true));
    }

    boolean isClosed() {
        return closed.isDone();
    }

    void close() {
        try {
            synchronized (this) {
                lastSend.orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
            }
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        } finally {
            socket.abort();
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        long now = System.nanoTime();
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        partial.writeBytes(chunk);
        if (last) {
            byte[] whole = partial.toByteArray();
            partial.reset();
            try {
                onFrame.accept(Message.parseFrom(whole), now);
            } catch (InvalidProtocolBufferException e) {
                // counted as nothing received; the server never sends undecodable frames
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }
}

package im.user.importing;

import im.user.config.UserImportProperties;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fetches one page of a source: a GET of a URL the import built from the source's configured URL (never a URL from
 * a request), with the source's auth header, the JDK's HTTP client (connect timeout, no redirects followed: a
 * redirect could lead anywhere), at most {@code read-timeout} from the request to the last byte (the exchange is
 * cancelled then) and at most {@code max-page-bytes} read (the exchange is cancelled as soon as the answer is larger).
 * A page that fails in a way that may pass (no connection, a timeout, HTTP 429 or 5xx) is tried again up to
 * {@code retries} times, waiting {@code retry-backoff}, doubled each time.
 *
 * <p>Failures are described without the answer's content (it may hold passwords) and without the URL's query (it
 * may hold a key): the status, the kind of network failure, the position of a JSON syntax error.
 */
public class SourceClient {

    /** A page that could not be had. */
    public static final class SourceFailure extends Exception {
        private final boolean retryable;

        public SourceFailure(String message, boolean retryable) {
            super(message, null, false, false);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private static final String USER_AGENT = "im-server-user-import/1";

    private final UserImportProperties.Source source;
    private final HttpClient http;
    private final JsonMapper json;
    private final long maxBytes;

    public SourceClient(UserImportProperties.Source source, JsonMapper json) {
        this.source = source;
        this.json = json;
        this.maxBytes = source.maxPageBytes().toBytes();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(source.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The page at {@code uri} as JSON, after the retries the source allows. */
    public JsonNode fetch(URI uri) throws SourceFailure, InterruptedException {
        Duration backoff = source.retryBackoff();
        for (int attempt = 0; ; attempt++) {
            try {
                return fetchOnce(uri);
            } catch (SourceFailure failure) {
                if (!failure.retryable() || attempt >= source.retries()) {
                    throw attempt == 0 ? failure
                            : new SourceFailure(failure.getMessage() + " (after " + (attempt + 1) + " attempts)", false);
                }
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private JsonNode fetchOnce(URI uri) throws SourceFailure, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> exchange;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .GET()
                    .timeout(source.readTimeout())
                    .header("Accept", "application/json")
                    .header("User-Agent", USER_AGENT);
            if (source.auth().present()) {
                request.header(source.auth().headerName(), source.auth().headerValue());
            }
            exchange = http.sendAsync(request.build(), info -> new LimitedBody(maxBytes, info));
        } catch (IllegalArgumentException e) {
            // the JDK's message quotes the offending header value (the secret) or URL (its query may hold a key)
            throw new SourceFailure("the request could not be built (a header or the URL is not valid for HTTP)",
                    false);
        }
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(source.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new SourceFailure("timed out after " + source.readTimeout().toMillis() + " ms", true);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw describe(e.getCause());
        }
        int status = response.statusCode();
        if (status >= 300 && status < 400) {
            throw new SourceFailure("HTTP " + status + " (redirects are not followed)", false);
        }
        if (status < 200 || status >= 300) {
            throw new SourceFailure("HTTP " + status, status == 429 || status >= 500);
        }
        try {
            JsonNode body = json.readTree(response.body());
            if (body == null || body.isMissingNode()) {
                throw new SourceFailure("empty answer (no JSON)", false);
            }
            return body;
        } catch (JacksonException e) {
            TokenStreamLocation location = e.getLocation();
            throw new SourceFailure("malformed JSON" + (location == null ? ""
                    : " at line " + location.getLineNr() + ", column " + location.getColumnNr()), false);
        }
    }

    private SourceFailure describe(Throwable cause) {
        if (cause instanceof TooLarge) {
            return new SourceFailure("answer larger than " + maxBytes + " bytes", false);
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new SourceFailure("connect timed out after " + source.connectTimeout().toMillis() + " ms", true);
        }
        if (cause instanceof HttpTimeoutException) {
            return new SourceFailure("timed out after " + source.readTimeout().toMillis() + " ms", true);
        }
        if (cause instanceof ConnectException) {
            return new SourceFailure("connection refused or unreachable", true);
        }
        if (cause instanceof IOException) {
            return new SourceFailure("network error (" + cause.getClass().getSimpleName() + ")", true);
        }
        return new SourceFailure("request failed (" + (cause == null ? "unknown" : cause.getClass().getSimpleName())
                + ")", false);
    }

    /** An answer over the page limit. */
    static final class TooLarge extends IOException {
        TooLarge() {
            super("too large", null);
        }
    }

    /**
     * Collects the body up to {@code max} bytes; beyond (or a larger {@code Content-Length}) it cancels the exchange
     * and fails with {@link TooLarge}.
     */
    static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final long max;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final boolean declaredTooLarge;
        private Flow.Subscription subscription;
        private long size;

        LimitedBody(long max, HttpResponse.ResponseInfo info) {
            this.max = max;
            this.declaredTooLarge = info.headers().firstValueAsLong("Content-Length").orElse(0) > max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (declaredTooLarge) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge());
                return;
            }
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                size += item.remaining();
                if (size > max) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable failure) {
            result.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}

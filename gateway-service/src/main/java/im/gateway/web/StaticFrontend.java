package im.gateway.web;

import im.gateway.config.GatewayProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;

/**
 * Serves the static web client from {@code im.gateway.web-root} for GET/HEAD of non-API paths. A path that names no
 * file and whose request accepts {@code text/html} gets {@code index.html} (a single-page app routes on the client,
 * e.g. {@code /panel/<uuid>}); other misses are 404. Files are confined to the root (also through symbolic links).
 */
public class StaticFrontend {

    private static final String INDEX = "index.html";

    private final Path root;

    public StaticFrontend(GatewayProperties properties) {
        try {
            this.root = Path.of(properties.webRoot()).toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException("im.gateway.web-root (IM_WEB_ROOT) is not a readable directory", e);
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("im.gateway.web-root (IM_WEB_ROOT) is not a directory");
        }
    }

    /** Whether this request is for the web client (GET/HEAD, not an API path, not the gateway's actuator). */
    public static boolean handles(ServerRequest request) {
        String path = request.requestPath().pathWithinApplication().value();
        HttpMethod method = request.method();
        return (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method))
                && !ApiPaths.isApi(path) && !ApiPaths.under(path, "/actuator");
    }

    public Mono<ServerResponse> serve(ServerRequest request) {
        String decoded = UriUtils.decode(request.requestPath().pathWithinApplication().value(), StandardCharsets.UTF_8);
        Path file = resolve(decoded);
        if (file != null) {
            return respond(file);
        }
        boolean wantsHtml = request.headers().accept().stream()
                .anyMatch(type -> type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType());
        Path index = resolve("/" + INDEX);
        if (wantsHtml && index != null) {
            return respond(index);
        }
        return ServerResponse.notFound().build();
    }

    /** The regular file at {@code path} inside the root; null when it is missing or would leave the root. */
    private Path resolve(String path) {
        if (path.indexOf('\0') >= 0) {
            return null;
        }
        String relative = path.replaceFirst("^/+", "");
        if (relative.isEmpty()) {
            relative = INDEX;
        }
        try {
            Path candidate = root.resolve(relative).normalize();
            if (!candidate.startsWith(root) || !Files.isRegularFile(candidate)) {
                return null;
            }
            Path real = candidate.toRealPath();
            return real.startsWith(root) && Files.isReadable(real) ? real : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private Mono<ServerResponse> respond(Path file) {
        MediaType type = MediaTypeFactory.getMediaType(file.getFileName().toString())
                .orElse(MediaType.APPLICATION_OCTET_STREAM);
        CacheControl cache = file.getFileName().toString().equals(INDEX) ? CacheControl.noCache()
                : CacheControl.empty();
        return ServerResponse.ok().contentType(type).cacheControl(cache)
                .header("X-Content-Type-Options", "nosniff")
                .body(BodyInserters.fromResource(new FileSystemResource(file)));
    }
}

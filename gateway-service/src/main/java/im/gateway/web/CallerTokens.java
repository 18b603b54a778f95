package im.gateway.web;

import im.gateway.accounts.DeletedAccounts;
import im.platform.security.TokenService;
import im.platform.security.TokenService.VerifiedToken;
import java.util.Optional;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * Finds and verifies the caller's token. Sources, in order: {@code Authorization: Bearer}, the session cookie
 * ({@code im.security.cookie-name}), and for the WebSocket handshake also the {@code token} query parameter
 * (browsers cannot set headers on a WebSocket). A valid token of an account in {@link DeletedAccounts} counts as
 * invalid.
 */
@Component
public class CallerTokens {

    /** How the token of a request was presented; the WebSocket origin check depends on it. */
    public enum Source { BEARER, COOKIE, QUERY }

    public record Authenticated(VerifiedToken token, Source source) {
    }

    private static final String BEARER = "Bearer ";

    private final TokenService tokens;
    private final DeletedAccounts deletedAccounts;

    public CallerTokens(TokenService tokens, DeletedAccounts deletedAccounts) {
        this.tokens = tokens;
        this.deletedAccounts = deletedAccounts;
    }

    /**
     * Whether the list of deleted accounts has been loaded: until then a token cannot be told apart from one of a
     * deleted account, and the filters answer 503 instead of letting it pass.
     */
    public boolean ready() {
        return deletedAccounts.isLoaded();
    }

    /**
     * The verified token of the first source that carries one; a present but invalid token (or one of a deleted
     * account) is not skipped.
     */
    public Optional<Authenticated> authenticate(ServerHttpRequest request, boolean allowQueryToken) {
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return verify(authorization.substring(BEARER.length()).trim(), Source.BEARER);
        }
        HttpCookie cookie = request.getCookies().getFirst(tokens.properties().cookieName());
        if (cookie != null && !cookie.getValue().isBlank()) {
            return verify(cookie.getValue(), Source.COOKIE);
        }
        if (allowQueryToken) {
            String query = request.getQueryParams().getFirst("token");
            if (query != null && !query.isBlank()) {
                return verify(query, Source.QUERY);
            }
        }
        return Optional.empty();
    }

    private Optional<Authenticated> verify(String token, Source source) {
        return tokens.verify(token)
                .filter(verified -> !deletedAccounts.contains(verified.userUuid()))
                .map(verified -> new Authenticated(verified, source));
    }
}

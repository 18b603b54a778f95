package im.user.groupservice;

import im.platform.web.ApiException;
import im.platform.web.Caller;
import im.platform.web.CallerHeaders;
import im.platform.web.DomainException;
import im.user.api.UserErrors;
import im.user.config.UserProperties;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls group-service's legacy group routes on the caller's behalf, for the group half of {@code /all-interact}:
 * {@code POST /group/join/{me}/{group}} and {@code DELETE /group/leave/{me}/{group}}. The caller headers are
 * forwarded, so group-service applies its own rules to the same caller (the username header only when it is plain
 * ASCII: the JDK's HTTP client cannot send other bytes, and group-service takes names from its known users, never
 * from that header); its business errors come back
 * unchanged ({@code already joined the group}, {@code the group is full}, ...). When group-service cannot be
 * reached, times out or answers something that is not its envelope (a 5xx, a proxy's page), the request fails
 * with the business error {@code group service unavailable}; the first such failure is logged (the exception's
 * type only, no user data) and the next ones stay quiet until a call succeeds again.
 */
@Component
public class GroupServiceClient {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(GroupServiceClient.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestClient rest;
    private final String baseUrl;
    private final AtomicBoolean unavailable = new AtomicBoolean();

    public GroupServiceClient(UserProperties properties) {
        this.baseUrl = properties.groupServiceUrl();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(http);
        requestFactory.setReadTimeout(READ_TIMEOUT);
        this.rest = RestClient.builder()
                .baseUrl(baseUrl)
                .requestFactory(requestFactory)
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }

    /** Joins the group as the caller; answers group-service's GroupMember ({@code data}). */
    public JsonNode join(Caller caller, String groupUuid) {
        return call(HttpMethod.POST, "/group/join/{user}/{group}", caller, groupUuid);
    }

    /** Leaves the group as the caller; answers group-service's GroupInfo of the remaining members ({@code data}). */
    public JsonNode leave(Caller caller, String groupUuid) {
        return call(HttpMethod.DELETE, "/group/leave/{user}/{group}", caller, groupUuid);
    }

    private JsonNode call(HttpMethod method, String path, Caller caller, String groupUuid) {
        ResponseEntity<String> response;
        try {
            response = rest.method(method).uri(path, caller.uuid(), groupUuid)
                    .headers(headers -> {
                        headers.set(CallerHeaders.USER_ID, caller.uuid());
                        String username = forwardableUsername(caller.username());
                        if (username != null) {
                            headers.set(CallerHeaders.USERNAME, username);
                        }
                    })
                    .retrieve()
                    .toEntity(String.class);
        } catch (RestClientException e) {
            throw unavailable(e.getClass().getSimpleName()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getClass().getSimpleName() + ")"));
        }
        int status = response.getStatusCode().value();
        if (status == 403) {
            throw ApiException.forbidden();
        }
        JsonNode envelope = envelope(response.getBody());
        if (status >= 500 || envelope == null) {
            throw unavailable("HTTP " + status);
        }
        if (envelope.get("code").asInt() == 0 && response.getStatusCode().is2xxSuccessful()) {
            available();
            return envelope.get("data");
        }
        available();
        // a rule of group-service refused it: its message, unchanged
        throw new DomainException(envelope.get("msg").asString());
    }

    /** The legacy envelope {@code {code, msg, data}}, or {@code null} if the body is not one. */
    private static JsonNode envelope(String body) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            boolean valid = node != null && node.isObject() && node.path("code").isIntegralNumber()
                    && node.path("msg").isString();
            return valid ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private DomainException unavailable(String reason) {
        if (unavailable.compareAndSet(false, true)) {
            log.warn("group service at {} unavailable: {}", baseUrl, reason);
        }
        return new DomainException(UserErrors.GROUP_SERVICE_UNAVAILABLE);
    }

    private void available() {
        if (unavailable.compareAndSet(true, false)) {
            log.info("group service at {} reachable again", baseUrl);
        }
    }

    /** The username if it can travel as a header as is (printable ASCII), else {@code null}: not forwarded. */
    static String forwardableUsername(String username) {
        if (username == null || username.isEmpty()) {
            return null;
        }
        return username.chars().allMatch(c -> c >= 0x20 && c < 0x7F) ? username : null;
    }
}

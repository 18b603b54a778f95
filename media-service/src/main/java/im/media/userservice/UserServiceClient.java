package im.media.userservice;

import im.media.api.MediaErrors;
import im.media.config.MediaProperties;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Changes a user's avatar through user-service's internal route {@code PUT /internal/v1/users/{uuid}/avatar}
 * ({@code {"avatar": "<stored name>"}}), which sends the User aggregate's {@code ChangeProfile} with only the
 * avatar set. Connect timeout {@value #CONNECT_TIMEOUT_SECONDS} s, read timeout {@value #READ_TIMEOUT_SECONDS} s.
 * A 2xx answer is success; a 4xx is {@link Refused} (404 and 410: no such user, a deleted account); a 5xx, no
 * answer or a timeout is {@link Unavailable} (logged once until a call succeeds again).
 */
@Component
public class UserServiceClient {

    static final int CONNECT_TIMEOUT_SECONDS = 2;
    static final int READ_TIMEOUT_SECONDS = 10;
    static final String AVATAR_REFUSED = "user service refused the avatar";

    private static final Logger log = LoggerFactory.getLogger(UserServiceClient.class);

    /** user-service answered that it will not change this user's avatar. */
    public static class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** user-service could not be asked, or failed. */
    public static class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    private final RestClient rest;
    private final String baseUrl;
    private final AtomicBoolean unavailable = new AtomicBoolean();

    public UserServiceClient(MediaProperties properties) {
        this.baseUrl = properties.userServiceUrl();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS))
                .build();
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(http);
        requestFactory.setReadTimeout(Duration.ofSeconds(READ_TIMEOUT_SECONDS));
        this.rest = RestClient.builder()
                .baseUrl(baseUrl)
                .requestFactory(requestFactory)
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }

    /**
     * @throws Refused     4xx (404/410: the user does not exist, or no longer)
     * @throws Unavailable 5xx, no answer, a timeout
     */
    public void changeAvatar(String userUuid, String avatar) {
        ResponseEntity<String> response;
        try {
            response = rest.put().uri("/internal/v1/users/{uuid}/avatar", userUuid)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("avatar", avatar))
                    .retrieve()
                    .toEntity(String.class);
        } catch (RestClientException e) {
            throw unavailable(e.getClass().getSimpleName()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getClass().getSimpleName() + ")"));
        }
        int status = response.getStatusCode().value();
        if (response.getStatusCode().is2xxSuccessful()) {
            available();
            return;
        }
        if (status >= 400 && status < 500) {
            available();
            throw new Refused(status == 404 || status == 410 ? MediaErrors.USER_NOT_FOUND : AVATAR_REFUSED);
        }
        throw unavailable("HTTP " + status);
    }

    private Unavailable unavailable(String reason) {
        if (unavailable.compareAndSet(false, true)) {
            log.warn("user service at {} unavailable: {}", baseUrl, reason);
        }
        return new Unavailable(MediaErrors.USER_SERVICE_UNAVAILABLE);
    }

    private void available() {
        if (unavailable.compareAndSet(true, false)) {
            log.info("user service at {} reachable again", baseUrl);
        }
    }
}

package im.user.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param passwordMinLength shortest accepted password, in characters (the longest is BCrypt's 72 bytes)
 * @param bcryptCost        BCrypt's cost factor (log2 of the rounds), 4 to 16; checked at start
 * @param groupServiceUrl   where group-service's legacy routes are, for the group half of {@code /all-interact}
 * @param groupWait         how long {@code /all-interact} waits for group-service's events to reach the known groups
 *                          after a join or leave (so the next {@code GET /interact} shows it); 0 to answer at once
 */
@ConfigurationProperties("im.user")
public record UserProperties(
        @DefaultValue("6") int passwordMinLength,
        @DefaultValue("10") int bcryptCost,
        @DefaultValue("http://127.0.0.1:8082") String groupServiceUrl,
        @DefaultValue("2s") Duration groupWait) {

    public static final int MIN_BCRYPT_COST = 4;
    public static final int MAX_BCRYPT_COST = 16;

    public UserProperties {
        if (bcryptCost < MIN_BCRYPT_COST || bcryptCost > MAX_BCRYPT_COST) {
            throw new IllegalArgumentException("im.user.bcrypt-cost (IM_BCRYPT_COST) must be between "
                    + MIN_BCRYPT_COST + " and " + MAX_BCRYPT_COST + ", was " + bcryptCost);
        }
        if (groupServiceUrl == null || !(groupServiceUrl.startsWith("http://") || groupServiceUrl.startsWith("https://"))) {
            throw new IllegalArgumentException(
                    "im.user.group-service-url (GROUP_SERVICE_URL) must be an http(s) URL, was " + groupServiceUrl);
        }
        if (groupWait == null || groupWait.isNegative()) {
            throw new IllegalArgumentException("im.user.group-wait (IM_USER_GROUP_WAIT) must not be negative");
        }
    }
}

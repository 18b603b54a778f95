package im.group.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of group-service ({@code im.group.*}).
 *
 * @param maxMembers most current members of one group (joins beyond it are refused)
 * @param userWait   how long creating or joining waits for a just-registered user to arrive from Kafka
 */
@ConfigurationProperties("im.group")
public record GroupProperties(
        @DefaultValue("500") int maxMembers,
        @DefaultValue("300ms") Duration userWait) {
}

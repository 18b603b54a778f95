package im.user.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param passwordMinLength shortest accepted password, in characters (the longest is BCrypt's 72 bytes)
 */
@ConfigurationProperties("im.user")
public record UserProperties(@DefaultValue("6") int passwordMinLength) {
}

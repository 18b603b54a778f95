package im.platform.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** A {@link TokenService} wherever {@code im.security.jwt-secret} is configured (user-service and the gateway). */
@AutoConfiguration
@EnableConfigurationProperties(TokenProperties.class)
@ConditionalOnProperty(prefix = "im.security", name = "jwt-secret")
public class TokenAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TokenService tokenService(TokenProperties properties) {
        return new TokenService(properties);
    }
}

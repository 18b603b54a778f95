package im.user.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

@Configuration
public class UserServiceConfig {

    /** BCrypt with the configured cost ({@code im.user.bcrypt-cost}, 10 by default). */
    @Bean
    BCryptPasswordEncoder passwordEncoder(UserProperties properties) {
        return new BCryptPasswordEncoder(properties.bcryptCost());
    }
}

package im.user.config;

import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/**
 * Makes Axon's Jackson 3 serializer able to read back a {@code ReplayToken}. The token's reset context is typed
 * {@code Object} with polymorphic type information, which Jackson 3's default validator refuses outright
 * ("denies resolution of all subtypes of base type java.lang.Object"): after {@code resetTokens()} the
 * processor could not claim its own token and stopped, so no read model could be rebuilt by replay. This
 * validator permits polymorphic types from Axon's own packages only (no reset context of ours is ever sent).
 */
@Configuration
public class AxonSerializationConfig {

    @Bean
    Jackson3SerializerCustomizer replayTokenTypeValidator() {
        return builder -> builder.polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder()
                .allowIfSubType("org.axonframework.")
                .build());
    }
}

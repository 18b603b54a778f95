package im.platform.axon;

import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/**
 * Makes Axon's Jackson 3 serializer able to read back a {@code ReplayToken}. The token's reset context is typed
 * {@code Object} with polymorphic type information, which Jackson 3's default validator refuses ("denies
 * resolution of all subtypes of base type java.lang.Object"): after {@code resetTokens()} the processor could not
 * claim its own token and stopped, so no read model could be rebuilt by replay. Polymorphic types are permitted
 * from Axon's own packages only.
 */
@AutoConfiguration(beforeName = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
@ConditionalOnClass(Jackson3SerializerCustomizer.class)
public class AxonSerializationAutoConfiguration {

    @Bean
    Jackson3SerializerCustomizer axonReplayTokenTypeValidator() {
        return builder -> builder.polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder()
                .allowIfSubType("org.axonframework.")
                .build());
    }
}

package im.platform.test;

import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/** Hands every Spring test context to {@link TestInfrastructure}, so it can close them before the servers stop. */
public class ContextTrackingCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                     List<ContextConfigurationAttributes> configAttributes) {
        return new Tracker();
    }

    private static final class Tracker implements ContextCustomizer {
        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            TestInfrastructure infra = TestInfrastructure.getIfStarted();
            if (infra != null) {
                infra.track(context);
            } else {
                TestInfrastructure.get().track(context);
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Tracker;
        }

        @Override
        public int hashCode() {
            return Tracker.class.hashCode();
        }
    }
}

package im.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The services' logging settings (the {@code logging:} section of every service's application.yml, repeated in
 * {@link #SERVICE_LOGGING}): JSON lines by default that carry the MDC correlation id, and plain text with the id when
 * {@code IM_LOG_FORMAT} is set empty.
 */
class StructuredLoggingTest {

    static final Map<String, Object> SERVICE_LOGGING = Map.of(
            "logging.structured.format.console", "${IM_LOG_FORMAT:ecs}",
            "logging.pattern.correlation", "%replace([%X{correlationId}] ){'\\[\\] ', ''}",
            "spring.application.name", "test-service");

    /** Back to logback's own defaults, so later test classes of this JVM do not log JSON. */
    @AfterAll
    static void resetLogging() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void byDefaultEveryLineIsJsonWithTheCorrelationId() {
        String line = logWithin(Map.of(), "frame-42", "hello structured");

        JsonNode json = JsonMapper.builder().build().readTree(line);
        assertThat(json.get("message").asString()).isEqualTo("hello structured");
        assertThat(json.get("correlationId").asString()).isEqualTo("frame-42");
        assertThat(json.get("log").get("level").asString()).isEqualTo("INFO");
        assertThat(json.get("service").get("name").asString()).isEqualTo("test-service");
    }

    @Test
    void logstashAndGelfCarryItToo() {
        for (String format : new String[] {"logstash", "gelf"}) {
            String line = logWithin(Map.of("IM_LOG_FORMAT", format), "frame-" + format, "hello " + format);
            JsonNode json = JsonMapper.builder().build().readTree(line);
            String field = format.equals("gelf") ? "_correlationId" : "correlationId";
            assertThat(json.get(field).asString()).as(format).isEqualTo("frame-" + format);
        }
    }

    @Test
    void anEmptyFormatMeansPlainTextWithTheIdInBrackets() {
        String line = logWithin(Map.of("IM_LOG_FORMAT", ""), "frame-7", "hello plain");

        assertThat(line).doesNotStartWith("{").contains("[frame-7] ").endsWith("hello plain");
        String withoutId = logWithin(Map.of("IM_LOG_FORMAT", ""), null, "no id here");
        assertThat(withoutId).doesNotContain("[]").endsWith("no id here");
    }

    /** Starts a tiny application with the services' settings, logs one line, answers that line of the output. */
    private static String logWithin(Map<String, Object> environmentOverrides, String correlationId, String message) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("overrides", environmentOverrides));
        environment.getPropertySources().addLast(new MapPropertySource("application.yml", SERVICE_LOGGING));
        SpringApplication application = new SpringApplication(Empty.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setEnvironment(environment);
        application.setBannerMode(Banner.Mode.OFF);
        application.setLogStartupInfo(false);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try (ConfigurableApplicationContext context = application.run()) {
            System.setOut(new PrintStream(captured, true));
            try {
                CorrelationIds.run(correlationId, () -> LoggerFactory.getLogger("im.test").info(message));
            } finally {
                System.setOut(original);
            }
        }
        return Arrays.stream(captured.toString().split("\\R")).filter(l -> l.contains(message)).findFirst()
                .orElseThrow(() -> new AssertionError("not logged: " + captured));
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }
}

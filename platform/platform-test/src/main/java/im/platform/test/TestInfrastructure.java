package im.platform.test;

import im.platform.embedded.EmbeddedKafkaServer;
import im.platform.embedded.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Real PostgreSQL and Kafka for the integration tests of one JVM, started once and shared by every test class.
 *
 * <p>Mode, from {@code -Dtest.infra=auto|docker|embedded} (default {@code auto}): Testcontainers where a Docker
 * engine answers, otherwise the embedded servers of platform-embedded. A cheap check of {@code DOCKER_HOST} and
 * the socket avoids Testcontainers' slow and noisy probe on machines without Docker. {@code TEST_PG_URL} (with
 * {@code TEST_PG_USER}/{@code TEST_PG_PASSWORD}) and {@code TEST_KAFKA_BOOTSTRAP} point at external servers instead.
 *
 * <p>Each test class asks for its own database name, so services' schemas never meet. Shutdown is ordered by
 * {@link InfrastructureShutdownListener}: Spring contexts first, then Kafka, then PostgreSQL.
 */
public final class TestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);
    /** A fixed secret for tests only; production secrets come from IM_JWT_SECRET. */
    public static final String TEST_JWT_SECRET = "test-secret-test-secret-test-secret-0123456789";

    private static TestInfrastructure instance;

    private final List<ConfigurableApplicationContext> contexts = Collections.synchronizedList(new ArrayList<>());
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final String kafkaBootstrap;
    private final PostgresAccess postgres;

    private interface PostgresAccess {
        String jdbcUrl(String database);

        String username();

        String password();
    }

    private TestInfrastructure() throws Exception {
        String mode = System.getProperty("test.infra", "auto");
        boolean docker = "docker".equals(mode) || ("auto".equals(mode) && dockerLikely() && dockerAnswers());
        log.info("integration-test infrastructure: {}", docker ? "Testcontainers" : "embedded");

        String externalKafka = System.getenv("TEST_KAFKA_BOOTSTRAP");
        if (externalKafka != null) {
            kafkaBootstrap = externalKafka;
        } else if (docker) {
            KafkaContainer kafka = new KafkaContainer("apache/kafka-native:4.1.2");
            kafka.start();
            toClose.add(kafka::stop);
            kafkaBootstrap = kafka.getBootstrapServers();
        } else {
            EmbeddedKafkaServer kafka = EmbeddedKafkaServer.start(4);
            toClose.add(kafka);
            kafkaBootstrap = kafka.bootstrapServers();
        }

        String externalPg = System.getenv("TEST_PG_URL");
        if (externalPg != null) {
            postgres = external(externalPg, System.getenv().getOrDefault("TEST_PG_USER", "postgres"),
                    System.getenv().getOrDefault("TEST_PG_PASSWORD", "postgres"));
        } else if (docker) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
            toClose.add(0, container::stop);
            postgres = external(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        } else {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.startTemporary();
            toClose.add(server);
            postgres = new PostgresAccess() {
                public String jdbcUrl(String database) {
                    return server.jdbcUrl(database);
                }

                public String username() {
                    return server.username();
                }

                public String password() {
                    return server.password();
                }
            };
        }
    }

    public static synchronized TestInfrastructure get() {
        if (instance == null) {
            try {
                instance = new TestInfrastructure();
            } catch (Exception e) {
                throw new IllegalStateException("could not start the test infrastructure", e);
            }
        }
        return instance;
    }

    static synchronized TestInfrastructure getIfStarted() {
        return instance;
    }

    /**
     * Points a Spring Boot service at this infrastructure: its own database {@code database}, the shared Kafka,
     * and the test token secret.
     */
    public static void register(DynamicPropertyRegistry registry, String database) {
        TestInfrastructure infra = get();
        registry.add("spring.datasource.url", () -> infra.postgres.jdbcUrl(database));
        registry.add("spring.datasource.username", infra.postgres::username);
        registry.add("spring.datasource.password", infra.postgres::password);
        registry.add("spring.kafka.bootstrap-servers", () -> infra.kafkaBootstrap);
        registry.add("im.security.jwt-secret", () -> TEST_JWT_SECRET);
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrap;
    }

    public String jdbcUrl(String database) {
        return postgres.jdbcUrl(database);
    }

    public String pgUsername() {
        return postgres.username();
    }

    public String pgPassword() {
        return postgres.password();
    }

    void track(ConfigurableApplicationContext context) {
        contexts.add(context);
    }

    synchronized void shutdown() {
        List<ConfigurableApplicationContext> open = new ArrayList<>(contexts);
        Collections.reverse(open);
        for (ConfigurableApplicationContext context : open) {
            try {
                context.close();
            } catch (RuntimeException e) {
                log.warn("closing a test context failed: {}", e.toString());
            }
        }
        for (AutoCloseable closeable : toClose) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("stopping test infrastructure failed: {}", e.toString());
            }
        }
        toClose.clear();
    }

    private static PostgresAccess external(String url, String user, String password) {
        return new PostgresAccess() {
            public String jdbcUrl(String database) {
                try (Connection connection = DriverManager.getConnection(url, user, password);
                     Statement statement = connection.createStatement()) {
                    statement.execute("CREATE DATABASE " + database);
                } catch (SQLException e) {
                    if (!"42P04".equals(e.getSQLState())) {
                        throw new IllegalStateException("could not create database " + database, e);
                    }
                }
                int slash = url.lastIndexOf('/');
                int query = url.indexOf('?', slash);
                return url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
            }

            public String username() {
                return user;
            }

            public String password() {
                return password;
            }
        };
    }

    private static boolean dockerLikely() {
        return System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }
}

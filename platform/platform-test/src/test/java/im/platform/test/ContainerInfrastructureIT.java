package im.platform.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The containers mode of the test infrastructure: the same images TestInfrastructure uses where a Docker engine
 * answers. Reported as skipped on machines without Docker (such as the project's CI machine).
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerInfrastructureIT {

    @Container
    static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:17-alpine");
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka-native:4.1.2");

    @Test
    void postgresAndKafkaAnswer() throws Exception {
        try (Connection connection = DriverManager.getConnection(POSTGRES.getJdbcUrl(), POSTGRES.getUsername(),
                POSTGRES.getPassword()); ResultSet rs = connection.createStatement().executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
        try (AdminClient admin = AdminClient.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers()))) {
            assertThat(admin.describeCluster().nodes().get()).isNotEmpty();
        }
    }
}

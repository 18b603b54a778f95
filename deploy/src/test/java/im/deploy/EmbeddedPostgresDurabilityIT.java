package im.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import im.platform.embedded.EmbeddedPostgresServer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's PostgreSQL flushes its commits to disk with {@code IM_PG_DURABLE=true} and does not by default: the
 * settings the running server reports.
 */
class EmbeddedPostgresDurabilityIT {

    @TempDir
    Path directory;

    @Test
    void aDurableClusterFlushesEveryCommit() throws Exception {
        assertThat(flushSettings(true)).containsExactly(
                Map.entry("fsync", "on"), Map.entry("synchronous_commit", "on"), Map.entry("full_page_writes", "on"));
    }

    @Test
    void theDefaultClusterDoesNotFlush() throws Exception {
        assertThat(flushSettings(false)).containsExactly(
                Map.entry("fsync", "off"), Map.entry("synchronous_commit", "off"),
                Map.entry("full_page_writes", "off"));
    }

    private Map<String, String> flushSettings(boolean durable) throws Exception {
        Path data = directory.resolve(durable ? "durable" : "fast");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.startPersistent(data.resolve("postgres"),
                freePort(), directory.resolve("postgres.log"), durable);
             Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), server.username(),
                     server.password());
             Statement statement = connection.createStatement()) {
            Map<String, String> settings = new LinkedHashMap<>();
            for (String name : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
                try (ResultSet result = statement.executeQuery("SHOW " + name)) {
                    result.next();
                    settings.put(name, result.getString(1));
                }
            }
            return settings;
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

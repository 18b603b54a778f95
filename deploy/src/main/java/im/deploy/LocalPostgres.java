package im.deploy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The launcher's PostgreSQL: the zonky binaries (as in platform-embedded's {@code EmbeddedPostgresServer}) with a
 * cluster kept in the data directory between runs, and two differences that only matter for a long-running launcher:
 * <ul>
 *   <li>zonky's own JVM shutdown hook is off. JVM shutdown hooks run concurrently, so with it PostgreSQL would stop
 *       while the services are still shutting down; the launcher stops PostgreSQL itself, last.</li>
 *   <li>a postmaster left running by a launcher that was killed hard (its {@code postmaster.pid} names a live
 *       {@code postgres} process) is stopped first, otherwise the new start fails on the lock file.</li>
 * </ul>
 * fsync and synchronous commit are off: a development setup, never production.
 */
final class LocalPostgres implements AutoCloseable {

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Duration STALE_STOP_WAIT = Duration.ofSeconds(30);

    private final EmbeddedPostgres postgres;

    private LocalPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static LocalPostgres start(Path dataDirectory, int port, Path logFile) throws IOException {
        Files.createDirectories(dataDirectory);
        stopStalePostmaster(dataDirectory);
        var log = ProcessBuilder.Redirect.appendTo(logFile.toFile());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("max_connections", "300")
                .setPort(port)
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setOutputRedirector(log)
                .setErrorRedirector(log)
                .start();
        return new LocalPostgres(postgres);
    }

    int port() {
        return postgres.getPort();
    }

    String username() {
        return "postgres";
    }

    String password() {
        return "postgres";
    }

    /** A JDBC URL of {@code database} (without credentials: they go in separate variables). */
    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    void createDatabasesIfMissing(List<String> databases) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            for (String database : databases) {
                if (!DATABASE_NAME.matcher(database).matches()) {
                    throw new IllegalArgumentException("not a plain database name: " + database);
                }
                if (!exists(connection, database)) {
                    try (Statement create = connection.createStatement()) {
                        create.execute("CREATE DATABASE " + database);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the service databases", e);
        }
    }

    private static boolean exists(Connection connection, String database) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, database);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * {@code postmaster.pid}'s first line is the postmaster's pid. SIGTERM is PostgreSQL's "smart" shutdown: it
     * waits for sessions, and those of a dead launcher's services are gone (or going) too.
     */
    static void stopStalePostmaster(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        Optional<ProcessHandle> postmaster = Files.readAllLines(pidFile, StandardCharsets.US_ASCII).stream()
                .findFirst()
                .map(String::trim)
                .filter(line -> line.matches("\\d{1,10}"))
                .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
                .filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().command().map(cmd -> cmd.endsWith("postgres")).orElse(false));
        if (postmaster.isEmpty()) {
            return; // a stale file of a dead server: PostgreSQL itself handles that
        }
        System.out.println("Stopping PostgreSQL left running by an earlier launcher (pid " + postmaster.get().pid() + ")");
        postmaster.get().destroy();
        try {
            postmaster.get().onExit().get(STALE_STOP_WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("PostgreSQL from an earlier run (pid " + postmaster.get().pid()
                    + ") did not stop; stop it and start again", e);
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}

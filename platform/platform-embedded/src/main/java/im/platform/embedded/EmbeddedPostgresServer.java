package im.platform.embedded;

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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * PostgreSQL from the zonky binaries on Maven Central: no install, no Docker. By default fsync, synchronous commit
 * and full-page writes are off: fast, for development and tests (a machine crash can lose the last commits and
 * corrupt the cluster). The launcher's cluster can be durable instead (PostgreSQL's own defaults for the three).
 *
 * <p>Two uses: a throw-away cluster in a temporary directory for a test JVM ({@link #startTemporary()}), and the
 * local launcher's cluster kept in a data directory between runs ({@link #startPersistent}). The launcher's variant
 * has no zonky shutdown hook (JVM shutdown hooks run concurrently, so PostgreSQL would stop while the services are
 * still shutting down; the launcher stops it itself, last), and first stops a postmaster that a launcher killed
 * hard left running on that directory.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Duration STALE_STOP_WAIT = Duration.ofSeconds(30);

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** A cluster in a temporary directory on any free port, removed when the JVM exits. */
    public static EmbeddedPostgresServer startTemporary() throws IOException {
        return new EmbeddedPostgresServer(settings(false).start());
    }

    /**
     * A cluster kept in {@code dataDirectory}, on {@code port}, logging to {@code logFile}, stopped only by
     * {@link #close()}; {@code durable}: commits are flushed to disk (see the class comment).
     */
    public static EmbeddedPostgresServer startPersistent(Path dataDirectory, int port, Path logFile, boolean durable)
            throws IOException {
        Files.createDirectories(dataDirectory);
        stopStalePostmaster(dataDirectory);
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(logFile.toFile());
        return new EmbeddedPostgresServer(settings(durable)
                .setPort(port)
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setOutputRedirector(log)
                .setErrorRedirector(log)
                .start());
    }

    private static EmbeddedPostgres.Builder settings(boolean durable) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setServerConfig("max_connections", "300");
        String flush = durable ? "on" : "off";
        return builder
                .setServerConfig("fsync", flush)
                .setServerConfig("synchronous_commit", flush)
                .setServerConfig("full_page_writes", flush);
    }

    public int port() {
        return postgres.getPort();
    }

    public String username() {
        return "postgres";
    }

    public String password() {
        return "postgres";
    }

    /** A JDBC URL for {@code database} (credentials separate), which is created first if it does not exist. */
    public String jdbcUrl(String database) {
        createDatabaseIfMissing(database);
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public void createDatabaseIfMissing(String database) {
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // created concurrently: fine
                throw new IllegalStateException("could not create database " + database, e);
            }
        }
    }

    /**
     * Stops a postmaster still running on {@code dataDirectory} ({@code postmaster.pid}'s first line is its pid).
     * SIGTERM is PostgreSQL's "smart" shutdown: it waits for sessions, and those of a dead launcher's services are
     * gone or going too. A stale file of a dead server is left to PostgreSQL itself.
     */
    public static void stopStalePostmaster(Path dataDirectory) throws IOException {
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
            return;
        }
        System.out.println("Stopping PostgreSQL left running by an earlier run (pid " + postmaster.get().pid() + ")");
        postmaster.get().destroy();
        try {
            postmaster.get().onExit().get(STALE_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
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

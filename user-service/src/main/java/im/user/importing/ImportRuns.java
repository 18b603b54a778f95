package im.user.importing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code import_runs} table: a row per run, its progress while it runs, then its report. */
@Repository
public class ImportRuns {

    /** A run left {@code running}. */
    public record Running(UUID id, String source) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<RunFailure>> FAILURES = new TypeReference<>() {
    };
    private static final String COLUMNS = """
            id, source, run_trigger, requested_by, status, started_at, finished_at, pages, fetched, created, updated,
            unchanged, failed, truncated, error, failures_omitted""";

    private final JdbcClient jdbc;

    public ImportRuns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(UUID id, String source, String trigger, String requestedBy, Instant startedAt) {
        jdbc.sql("""
                        INSERT INTO import_runs (id, source, run_trigger, requested_by, status, started_at)
                        VALUES (:id, :source, :trigger, :requestedBy, 'running', :startedAt)""")
                .param("id", id)
                .param("source", source)
                .param("trigger", trigger)
                .param("requestedBy", requestedBy)
                .param("startedAt", utc(startedAt))
                .update();
    }

    /** The counters so far (the run goes on). */
    public void progress(UUID id, RunProgress.Snapshot progress) {
        write(id, RunReport.RUNNING, null, progress);
    }

    public void finish(UUID id, String status, Instant finishedAt, RunProgress.Snapshot progress) {
        write(id, status, finishedAt, progress);
    }

    private void write(UUID id, String status, Instant finishedAt, RunProgress.Snapshot p) {
        jdbc.sql("""
                        UPDATE import_runs SET status = :status, finished_at = :finishedAt, pages = :pages,
                            fetched = :fetched, created = :created, updated = :updated, unchanged = :unchanged,
                            failed = :failed, truncated = :truncated, error = :error,
                            failures = CAST(:failures AS jsonb), failures_omitted = :omitted
                        WHERE id = :id""")
                .param("status", status)
                .param("finishedAt", finishedAt == null ? null : utc(finishedAt), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                .param("pages", p.pages())
                .param("fetched", p.fetched())
                .param("created", p.created())
                .param("updated", p.updated())
                .param("unchanged", p.unchanged())
                .param("failed", p.failed())
                .param("truncated", p.truncated())
                .param("error", p.error())
                .param("failures", JSON.writeValueAsString(p.failures()))
                .param("omitted", p.failuresOmitted())
                .param("id", id)
                .update();
    }

    /** Marks a run the service stopped during (or a crash left {@code running}) as interrupted. */
    public void interrupted(UUID id, Instant at) {
        jdbc.sql("""
                        UPDATE import_runs SET status = 'interrupted', finished_at = :at,
                            error = COALESCE(error, 'the service stopped during the run')
                        WHERE id = :id AND status = 'running'""")
                .param("at", utc(at))
                .param("id", id)
                .update();
    }

    public void delete(UUID id) {
        jdbc.sql("DELETE FROM import_runs WHERE id = :id").param("id", id).update();
    }

    public List<Running> running() {
        return jdbc.sql("SELECT id, source FROM import_runs WHERE status = 'running'")
                .query((rs, row) -> new Running(rs.getObject("id", UUID.class), rs.getString("source")))
                .list();
    }

    /** The run with its failures. */
    public Optional<RunReport> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + ", failures FROM import_runs WHERE id = :id")
                .param("id", id)
                .query((rs, row) -> map(rs, true))
                .optional();
    }

    /** The latest runs first, without their failure lists. */
    public List<RunReport> recent(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM import_runs ORDER BY started_at DESC, id LIMIT :limit")
                .param("limit", limit)
                .query((rs, row) -> map(rs, false))
                .list();
    }

    private static RunReport map(ResultSet rs, boolean withFailures) throws SQLException {
        Instant started = rs.getObject("started_at", OffsetDateTime.class).toInstant();
        OffsetDateTime finishedAt = rs.getObject("finished_at", OffsetDateTime.class);
        Instant finished = finishedAt == null ? null : finishedAt.toInstant();
        List<RunFailure> failures = withFailures ? JSON.readValue(rs.getString("failures"), FAILURES) : null;
        return new RunReport(rs.getObject("id", UUID.class).toString(), rs.getString("source"),
                rs.getString("run_trigger"), rs.getString("requested_by"), rs.getString("status"), time(started),
                time(finished), finished == null ? null : Duration.between(started, finished).toMillis(),
                rs.getInt("pages"), rs.getInt("fetched"), rs.getInt("created"), rs.getInt("updated"),
                rs.getInt("unchanged"), rs.getInt("failed"), rs.getBoolean("truncated"), rs.getString("error"),
                failures, rs.getInt("failures_omitted"));
    }

    private static String time(Instant at) {
        return at == null ? null : DateTimeFormatter.ISO_INSTANT.format(at);
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}

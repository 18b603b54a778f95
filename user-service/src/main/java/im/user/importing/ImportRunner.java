package im.user.importing;

import im.platform.axon.ReadYourWrites;
import im.user.config.UserImportProperties;
import im.user.config.UserProperties;
import im.user.config.UserImportProperties.Source;
import im.user.query.directory.UserDirectoryProjection;
import im.user.web.UserInputRules;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs imports (issue 6): one run per source at a time, in the background; each run is a row of
 * {@code import_runs} (its progress after every page, then its report).
 *
 * <p>A run reads the source page by page ({@link SourcePaging}, {@link SourceClient}), maps each record
 * ({@link RecordMapper}), refuses a second record with an external id or username already seen in the run, and
 * imports the others ({@link UserImporter}; the records of a page {@code workers} at a time). Every record is one
 * command: imported completely or not at all. A page that cannot be had (after its retries) stops the run as
 * {@code failed} with the page and the reason; what was imported before stays, and the next run finds those records
 * unchanged and goes on. Before it starts and before it ends, a run waits for the user directory to have every event
 * (read-your-writes: its decisions read the directory, and imported users can log in once the run reports).
 *
 * <p>One run per source across instances: a run holds a PostgreSQL session advisory lock on its source for its
 * whole length (on a connection of its own, so a crashed instance's lock goes with its connection). At start, runs
 * left {@code running} whose source is not locked are marked {@code interrupted}. Stopping the service interrupts
 * running runs between records (they are marked {@code interrupted}).
 */
@Component
public class ImportRunner implements SmartLifecycle {

    /** What started a run. */
    public enum Trigger {
        API, LEGACY, SCHEDULE;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A started run (or the one that was already running for its source). */
    public record Started(UUID runId, String source, boolean alreadyRunning, CompletableFuture<RunReport> done) {
    }

    /** No source of that name is configured. */
    public static final class UnknownSource extends RuntimeException {
        public UnknownSource(String name) {
            super("no import source named '" + name + "'", null, false, false);
        }
    }

    private record ActiveRun(UUID id, CompletableFuture<RunReport> done) {
    }

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);
    private static final int LOCK_CLASS = 0x696d0006; // "im" + issue 6: the first key of the advisory lock

    private final UserImportProperties properties;
    private final UserImporter importer;
    private final ImportRuns runs;
    private final ReadYourWrites readYourWrites;
    private final DataSource dataSource;
    private final Map<String, SourceClient> clients = new LinkedHashMap<>();
    private final Map<String, RecordMapper> mappers = new LinkedHashMap<>();
    private final Map<String, ActiveRun> active = new ConcurrentHashMap<>();
    private final ExecutorService runThreads = Executors.newCachedThreadPool(named("user-import-run-"));
    private final ExecutorService workers;
    private volatile boolean running;

    public ImportRunner(UserImportProperties properties, UserImporter importer, ImportRuns runs,
                        ReadYourWrites readYourWrites, DataSource dataSource, UserInputRules rules,
                        UserProperties userProperties) {
        this.properties = properties;
        this.importer = importer;
        this.runs = runs;
        this.readYourWrites = readYourWrites;
        this.dataSource = dataSource;
        this.workers = Executors.newFixedThreadPool(properties.workers(), named("user-import-worker-"));
        JsonMapper json = JsonMapper.builder().build();
        for (Source source : properties.sources()) {
            clients.put(source.name(), new SourceClient(source, json));
            mappers.put(source.name(), new RecordMapper(source.fields(), rules, userProperties.bcryptCost()));
        }
        if (!properties.sources().isEmpty()) {
            log.info("user import: {} source(s): {}", properties.sources().size(), properties.sources());
        }
    }

    /** The configured sources, in order. */
    public List<Source> sources() {
        return properties.sources();
    }

    public RecordMapper mapper(String source) {
        return mappers.get(source);
    }

    public SourceClient client(String source) {
        return clients.get(source);
    }

    /**
     * Starts a run of {@code sourceName}, or of every source when it is {@code null}, in the background. A source
     * that is running already is not started twice: its running run is answered.
     *
     * @throws UnknownSource when no source has that name
     */
    public List<Started> start(String sourceName, Trigger trigger, String requestedBy) {
        List<Source> selected;
        if (sourceName == null) {
            selected = properties.sources();
        } else {
            selected = List.of(properties.source(sourceName).orElseThrow(() -> new UnknownSource(sourceName)));
        }
        List<Started> started = new ArrayList<>();
        for (Source source : selected) {
            started.add(start(source, trigger, requestedBy));
        }
        return started;
    }

    private synchronized Started start(Source source, Trigger trigger, String requestedBy) {
        ActiveRun existing = active.get(source.name());
        if (existing != null) {
            return new Started(existing.id(), source.name(), true, existing.done());
        }
        UUID id = UUID.randomUUID();
        runs.insert(id, source.name(), trigger.wire(), requestedBy, Instant.now());
        ActiveRun run = new ActiveRun(id, new CompletableFuture<>());
        active.put(source.name(), run);
        try {
            runThreads.execute(() -> execute(source, trigger, run));
        } catch (RuntimeException e) {
            active.remove(source.name());
            runs.interrupted(id, Instant.now());
            run.done().complete(runs.find(id).orElse(null));
            throw e;
        }
        log.info("user import run {} of source {} started ({} by {})", id, source.name(), trigger.wire(), requestedBy);
        return new Started(id, source.name(), false, run.done());
    }

    public Optional<RunReport> report(UUID runId) {
        return runs.find(runId);
    }

    public List<RunReport> recent(int limit) {
        return runs.recent(limit);
    }

    private void execute(Source source, Trigger trigger, ActiveRun run) {
        RunProgress progress = new RunProgress(properties.maxReportedFailures());
        boolean interrupted = false;
        boolean skipped = false;
        try (Connection lockConnection = dataSource.getConnection()) {
            if (!lock(lockConnection, source.name(), true)) {
                skipped = true;
                progress.error("another instance is running this source");
                return;
            }
            try {
                interrupted = !importAll(source, run.id(), progress);
            } finally {
                lock(lockConnection, source.name(), false);
            }
        } catch (InterruptedException e) {
            // the flag stays clear until the report is written (the pool refuses an interrupted thread)
            interrupted = true;
        } catch (SQLException | RuntimeException e) {
            log.error("user import run {} of source {} failed: {}", run.id(), source.name(), e.toString(), e);
            progress.error("internal error (" + e.getClass().getSimpleName() + ")");
        } finally {
            interrupted |= Thread.interrupted();
            finish(source, trigger, run, progress, interrupted, skipped);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void finish(Source source, Trigger trigger, ActiveRun run, RunProgress progress, boolean interrupted,
                        boolean skipped) {
        RunReport report = null;
        try {
            if (skipped && trigger == Trigger.SCHEDULE) {
                runs.delete(run.id());
            } else {
                RunProgress.Snapshot snapshot = progress.snapshot();
                String status = progress.status(interrupted);
                runs.finish(run.id(), status, Instant.now(), snapshot);
                report = runs.find(run.id()).orElse(null);
                log.info("user import run {} of source {}: {} (pages {}, read {}, created {}, updated {}, unchanged {}, "
                                + "failed {}{})", run.id(), source.name(), status, snapshot.pages(), snapshot.fetched(),
                        snapshot.created(), snapshot.updated(), snapshot.unchanged(), snapshot.failed(),
                        snapshot.error() == null ? "" : "; " + snapshot.error());
            }
        } catch (RuntimeException e) {
            log.error("user import run {}: the report could not be written: {}", run.id(), e.toString());
        } finally {
            active.remove(source.name(), run);
            run.done().complete(report);
        }
    }

    /** Reads and imports every page; answers false when interrupted. */
    private boolean importAll(Source source, UUID runId, RunProgress progress) throws InterruptedException {
        readYourWrites.awaitProjections(UserDirectoryProjection.PROCESSING_GROUP);
        SourceClient client = clients.get(source.name());
        RecordMapper mapper = mappers.get(source.name());
        JsonPointer items = source.items().isEmpty() ? JsonPointer.empty() : JsonPointer.compile(source.items());
        SourcePaging paging = new SourcePaging(source);
        Set<String> externalIds = new HashSet<>();
        Set<String> usernames = new HashSet<>();
        URI uri = paging.first();
        while (uri != null) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            int page = paging.pageNumber();
            JsonNode body;
            try {
                body = client.fetch(uri);
            } catch (SourceClient.SourceFailure failure) {
                progress.error("page " + page + ": " + failure.getMessage());
                break;
            }
            JsonNode records = body.at(items);
            if (!records.isArray()) {
                progress.error("page " + page + ": no array of records at '" + source.items() + "'");
                break;
            }
            progress.page();
            boolean full = importPage(source, mapper, records, page, progress, externalIds, usernames);
            runs.progress(runId, progress.snapshot());
            if (full) {
                progress.truncated();
                break;
            }
            try {
                uri = paging.next(uri, body, records.size());
            } catch (SourcePaging.PagingFailure failure) {
                progress.error("page " + page + ": " + failure.getMessage());
                break;
            }
        }
        readYourWrites.awaitProjections(UserDirectoryProjection.PROCESSING_GROUP);
        return true;
    }

    /** Imports the records of one page; answers true when {@code max-records} was reached before its end. */
    private boolean importPage(Source source, RecordMapper mapper, JsonNode records, int page, RunProgress progress,
                               Set<String> externalIds, Set<String> usernames) throws InterruptedException {
        List<Callable<Void>> tasks = new ArrayList<>();
        boolean full = false;
        for (JsonNode item : records) {
            if (progress.fetchedSoFar() >= source.maxRecords()) {
                full = true;
                break;
            }
            int position = progress.fetched();
            SourceRecord record;
            try {
                record = mapper.map(item);
                if (!externalIds.add(record.externalId())) {
                    throw new RecordProblem(RecordProblem.DUPLICATE_RECORD,
                            "the external id appears more than once in this run (the first one was imported)");
                }
                if (!usernames.add(record.username())) {
                    throw new RecordProblem(RecordProblem.DUPLICATE_RECORD,
                            "the username appears more than once in this run (the first one was imported)");
                }
            } catch (RecordProblem problem) {
                String[] identity = mapper.identify(item);
                progress.failure(new RunFailure(position, page, identity[0], identity[1], problem.code(),
                        problem.reason()));
                continue;
            }
            tasks.add(() -> {
                try {
                    progress.outcome(importer.apply(source, record));
                } catch (RecordProblem problem) {
                    progress.failure(new RunFailure(position, page, record.externalId(), record.username(),
                            problem.code(), problem.reason()));
                } catch (RuntimeException e) {
                    log.warn("user import of record {} of source {} failed: {}", position, source.name(), e.toString());
                    progress.failure(new RunFailure(position, page, record.externalId(), record.username(),
                            RecordProblem.IMPORT_FAILED, "unexpected failure (" + e.getClass().getSimpleName()
                            + "); the next run retries"));
                }
                return null;
            });
        }
        List<Future<Void>> futures = workers.invokeAll(tasks);
        for (Future<Void> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                // each task reports its own failures
            }
        }
        return full;
    }

    /** Takes ({@code acquire}) or releases the source's advisory lock on {@code connection}. */
    private static boolean lock(Connection connection, String source, boolean acquire) throws SQLException {
        String sql = acquire ? "SELECT pg_try_advisory_lock(?, hashtext(?))" : "SELECT pg_advisory_unlock(?, hashtext(?))";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, LOCK_CLASS);
            statement.setString(2, source);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    /** Runs left {@code running} by a stopped instance, whose source nobody holds now: {@code interrupted}. */
    void recoverInterruptedRuns() {
        for (ImportRuns.Running stale : runs.running()) {
            if (active.containsKey(stale.source())) {
                continue;
            }
            try (Connection connection = dataSource.getConnection()) {
                if (lock(connection, stale.source(), true)) {
                    try {
                        runs.interrupted(stale.id(), Instant.now());
                        log.info("user import run {} of source {} was left running: marked interrupted", stale.id(),
                                stale.source());
                    } finally {
                        lock(connection, stale.source(), false);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                log.warn("could not check the stale user import run {}: {}", stale.id(), e.toString());
            }
        }
    }

    @Override
    public void start() {
        running = true;
        try {
            recoverInterruptedRuns();
        } catch (RuntimeException e) {
            log.warn("could not look for interrupted user import runs: {}", e.toString());
        }
    }

    /** Interrupts running runs (they record themselves {@code interrupted}) before Axon and the database stop. */
    @Override
    public void stop() {
        running = false;
        runThreads.shutdownNow();
        workers.shutdownNow();
        try {
            if (!runThreads.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("user import runs did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped before everything of a lower phase (web server, Axon processors, the database pool). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

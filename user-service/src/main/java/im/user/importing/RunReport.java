package im.user.importing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An import run as recorded in {@code import_runs}: what the admin API and the legacy route answer. Never holds a
 * password or a hash.
 *
 * @param status          {@code running}; then {@code completed} (every record imported or unchanged),
 *                        {@code completed_with_failures} (some records refused, see {@code failures}),
 *                        {@code truncated} ({@code max-records} reached: later records were not read), {@code failed}
 *                        (the source failed, see {@code error}: what was imported before stays, the next run goes on
 *                        from there) or {@code interrupted} (the service stopped during the run)
 * @param trigger         {@code api}, {@code legacy} or {@code schedule}
 * @param requestedBy     the admin's user id, or {@code schedule}
 * @param pages           pages read
 * @param fetched         records read
 * @param error           why the run stopped early, else {@code null}
 * @param failures        the refused records (at most {@code max-reported-failures}); left out of run lists
 * @param failuresOmitted refused records beyond those listed
 */
public record RunReport(String runId, String source, String trigger, String requestedBy, String status,
                        String startedAt, String finishedAt, Long durationMs, int pages, int fetched, int created,
                        int updated, int unchanged, int failed, boolean truncated, String error,
                        @JsonInclude(JsonInclude.Include.NON_NULL) List<RunFailure> failures, int failuresOmitted) {

    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String COMPLETED_WITH_FAILURES = "completed_with_failures";
    public static final String TRUNCATED = "truncated";
    public static final String FAILED = "failed";
    public static final String INTERRUPTED = "interrupted";

    public boolean finished() {
        return !RUNNING.equals(status);
    }
}

package im.user.web;

import im.platform.web.ApiException;
import im.platform.web.Caller;
import im.platform.web.LegacyResponse;
import im.user.config.UserImportProperties;
import im.user.importing.ImportPreview;
import im.user.importing.ImportRunner;
import im.user.importing.RunReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * IM-SDK-Server's "consume REST API" routes (legacy-api.md §6), now for admins only (403 otherwise) and on the
 * configured sources (never a URL from the request):
 * <ul>
 *   <li>{@code GET /http-req/get-user-data[?source=]}: the records as they would be imported, without passwords or
 *       hashes ({@code hasPassword} only), the refused ones with {@code problem}/{@code reason}; a source that cannot
 *       be read is a business error naming it and the page;</li>
 *   <li>{@code POST /http-req/post-user-data[?source=]}: runs the import and answers the runs' reports, waiting up to
 *       {@code im.user.import.legacy-wait} (20 s) for them; a run still going is answered {@code running} (its
 *       report: {@code GET /api/admin/v1/user-imports/{runId}}).</li>
 * </ul>
 * No source configured, or an unknown one: business error.
 */
@RestController
public class LegacyImportController {

    private final AdminAccess admins;
    private final ImportRunner runner;
    private final ImportPreview preview;
    private final Duration legacyWait;

    public LegacyImportController(AdminAccess admins, ImportRunner runner, ImportPreview preview,
                                  UserImportProperties properties) {
        this.admins = admins;
        this.runner = runner;
        this.preview = preview;
        this.legacyWait = properties.legacyWait();
    }

    @GetMapping("/http-req/get-user-data")
    LegacyResponse<List<ImportPreview.PreviewRecord>> userData(Caller caller,
                                                               @RequestParam(name = "source", required = false) String source)
            throws InterruptedException {
        admins.requireAdmin(caller);
        requireSources();
        try {
            return LegacyResponse.ok(preview.preview(source));
        } catch (ImportRunner.UnknownSource e) {
            throw ApiException.business(e.getMessage());
        } catch (ImportPreview.PreviewFailure e) {
            throw ApiException.business(e.getMessage());
        }
    }

    @PostMapping("/http-req/post-user-data")
    LegacyResponse<List<RunReport>> importUsers(Caller caller,
                                                @RequestParam(name = "source", required = false) String source)
            throws InterruptedException {
        admins.requireAdmin(caller);
        requireSources();
        List<ImportRunner.Started> started;
        try {
            started = runner.start(source, ImportRunner.Trigger.LEGACY, caller.uuid());
        } catch (ImportRunner.UnknownSource e) {
            throw ApiException.business(e.getMessage());
        }
        long deadline = System.nanoTime() + legacyWait.toNanos();
        List<RunReport> reports = new ArrayList<>();
        for (ImportRunner.Started run : started) {
            try {
                run.done().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // answered as it is now (running)
            }
            runner.report(run.runId()).ifPresent(reports::add);
        }
        return LegacyResponse.ok(reports);
    }

    private void requireSources() {
        if (runner.sources().isEmpty()) {
            throw ApiException.business("no import source is configured");
        }
    }
}

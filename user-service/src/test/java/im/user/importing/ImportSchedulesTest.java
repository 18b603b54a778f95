package im.user.importing;

import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import im.user.config.UserImportProperties;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** A scheduled source is started by Spring's scheduler with trigger "schedule"; unscheduled ones never. */
class ImportSchedulesTest {

    private static UserImportProperties.Source source(String name, UserImportProperties.Schedule schedule) {
        return new UserImportProperties.Source(name, "http://127.0.0.1/" + name,
                new UserImportProperties.Auth(null, null),
                new UserImportProperties.Paging(UserImportProperties.PagingStyle.NONE, 100, "page", "size", 1,
                        "offset", "limit", "", 1000), "",
                new UserImportProperties.Fields("", "/username", "", "", "", "", ""),
                Duration.ofSeconds(1), Duration.ofSeconds(1), 100, DataSize.ofMegabytes(1), 0, Duration.ZERO, false,
                true, schedule);
    }

    @Test
    void aCronScheduleStartsRunsOfItsSourceOnly() {
        ImportRunner runner = mock(ImportRunner.class);
        when(runner.sources()).thenReturn(List.of(
                source("nightly", new UserImportProperties.Schedule("* * * * * *", null, "UTC")),
                source("manual", new UserImportProperties.Schedule(null, null, "UTC"))));
        when(runner.start(eq("nightly"), eq(ImportRunner.Trigger.SCHEDULE), eq("schedule"))).thenReturn(List.of(
                new ImportRunner.Started(UUID.randomUUID(), "nightly", false, CompletableFuture.completedFuture(null))));
        ImportSchedules schedules = new ImportSchedules(runner);

        schedules.start();
        try {
            verify(runner, timeout(3_000).atLeastOnce()).start("nightly", ImportRunner.Trigger.SCHEDULE, "schedule");
            verify(runner, never()).start(eq("manual"), org.mockito.ArgumentMatchers.any(),
                    org.mockito.ArgumentMatchers.any());
        } finally {
            schedules.stop();
        }
    }
}

package im.user.importing;

import im.user.config.UserImportProperties.Schedule;
import im.user.config.UserImportProperties.Source;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * The optional schedules of the sources (off unless a source has {@code schedule.cron} or
 * {@code schedule.fixed-delay}), on Spring's {@link ThreadPoolTaskScheduler}: one thread per scheduled source, which
 * starts the run and waits for its end, so a fixed delay is the time between the end of one run and the start of the
 * next and a slow run is never started twice. Every instance keeps the schedule; the source's advisory lock lets one
 * of them run it (the others skip that turn without a trace).
 */
@Component
public class ImportSchedules implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ImportSchedules.class);

    private final ImportRunner runner;
    private ThreadPoolTaskScheduler scheduler;
    private volatile boolean running;

    public ImportSchedules(ImportRunner runner) {
        this.runner = runner;
    }

    @Override
    public synchronized void start() {
        List<Source> scheduled = runner.sources().stream().filter(source -> source.schedule().enabled()).toList();
        running = true;
        if (scheduled.isEmpty()) {
            return;
        }
        scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(scheduled.size());
        scheduler.setThreadNamePrefix("user-import-schedule-");
        scheduler.setWaitForTasksToCompleteOnShutdown(false);
        scheduler.initialize();
        for (Source source : scheduled) {
            Schedule schedule = source.schedule();
            Runnable task = () -> runAndWait(source);
            if (schedule.fixedDelay() != null) {
                scheduler.scheduleWithFixedDelay(task, Instant.now().plus(schedule.fixedDelay()), schedule.fixedDelay());
                log.info("user import source {}: every {} after the previous run", source.name(), schedule.fixedDelay());
            } else {
                scheduler.schedule(task, new CronTrigger(schedule.cron(), ZoneId.of(schedule.zone())));
                log.info("user import source {}: on cron '{}' ({})", source.name(), schedule.cron(), schedule.zone());
            }
        }
    }

    private void runAndWait(Source source) {
        try {
            for (ImportRunner.Started started : runner.start(source.name(), ImportRunner.Trigger.SCHEDULE, "schedule")) {
                started.done().get(24, TimeUnit.HOURS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("scheduled user import of source {} failed to start: {}", source.name(), e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (scheduler != null) {
            scheduler.shutdown();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped before the runner (a higher phase stops earlier). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 50;
    }
}

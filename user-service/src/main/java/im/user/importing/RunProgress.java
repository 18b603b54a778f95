package im.user.importing;

import java.util.ArrayList;
import java.util.List;

/** The counters of a run while it runs; records of a page are imported in parallel, so every method is synchronized. */
final class RunProgress {

    private final int maxReportedFailures;
    private final List<RunFailure> failures = new ArrayList<>();
    private int pages;
    private int fetched;
    private int created;
    private int updated;
    private int unchanged;
    private int failed;
    private int failuresOmitted;
    private boolean truncated;
    private String error;

    RunProgress(int maxReportedFailures) {
        this.maxReportedFailures = maxReportedFailures;
    }

    synchronized void page() {
        pages++;
    }

    /** Counts a record read; answers its position in the run (from 1). */
    synchronized int fetched() {
        return ++fetched;
    }

    synchronized int fetchedSoFar() {
        return fetched;
    }

    synchronized void outcome(UserImporter.Outcome outcome) {
        switch (outcome) {
            case CREATED -> created++;
            case UPDATED -> updated++;
            case UNCHANGED -> unchanged++;
        }
    }

    synchronized void failure(RunFailure failure) {
        failed++;
        if (failures.size() < maxReportedFailures) {
            failures.add(failure);
        } else {
            failuresOmitted++;
        }
    }

    synchronized void truncated() {
        truncated = true;
    }

    synchronized void error(String error) {
        if (this.error == null) {
            this.error = error;
        }
    }

    synchronized String status(boolean interrupted) {
        if (interrupted) {
            return RunReport.INTERRUPTED;
        }
        if (error != null) {
            return RunReport.FAILED;
        }
        if (truncated) {
            return RunReport.TRUNCATED;
        }
        return failed > 0 ? RunReport.COMPLETED_WITH_FAILURES : RunReport.COMPLETED;
    }

    /** A consistent copy of the counters. */
    synchronized Snapshot snapshot() {
        List<RunFailure> sorted = new ArrayList<>(failures);
        sorted.sort(java.util.Comparator.comparingInt(RunFailure::position));
        return new Snapshot(pages, fetched, created, updated, unchanged, failed, truncated, error, sorted,
                failuresOmitted);
    }

    record Snapshot(int pages, int fetched, int created, int updated, int unchanged, int failed, boolean truncated,
                    String error, List<RunFailure> failures, int failuresOmitted) {
    }
}

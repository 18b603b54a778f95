package im.deploy.load;

import org.HdrHistogram.Histogram;

/** Latencies in microseconds (HdrHistogram, 3 significant digits, up to 10 minutes), thread-safe by locking. */
final class Latencies {

    private final Histogram histogram = new Histogram(600_000_000L, 3);

    synchronized void record(long nanos) {
        histogram.recordValue(Math.max(0, Math.min(nanos / 1000, 600_000_000L)));
    }

    synchronized long count() {
        return histogram.getTotalCount();
    }

    synchronized String summary() {
        if (histogram.getTotalCount() == 0) {
            return "no samples";
        }
        return String.format("p50 %.1f ms  p99 %.1f ms  p999 %.1f ms  max %.1f ms  (n=%d)",
                histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                histogram.getValueAtPercentile(99.9) / 1000.0, histogram.getMaxValue() / 1000.0,
                histogram.getTotalCount());
    }
}

package im.deploy.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time and resident memory of the stack's service processes on this machine (Linux {@code /proc}), found by
 * their jar name on the command line. A snapshot before and after a scenario gives each service's CPU use during it.
 */
final class ProcessStats {

    static final List<String> SERVICES = List.of("gateway-service", "user-service", "group-service",
            "messaging-service", "media-service");
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    /** One process at one moment. */
    record Sample(long pid, double cpuSeconds, long rssBytes) {
    }

    /** The services found now, by name. */
    static Map<String, Sample> snapshot() {
        Map<String, Sample> samples = new LinkedHashMap<>();
        ProcessHandle.allProcesses().forEach(process -> {
            String command = process.info().commandLine().orElse("");
            for (String service : SERVICES) {
                if (command.contains(service + ".jar") && command.contains("java")) {
                    read(process.pid()).ifPresent(sample -> samples.putIfAbsent(service, sample));
                }
            }
        });
        return samples;
    }

    static Optional<Sample> read(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return Optional.of(new Sample(pid, cpu, rss));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not Linux, or the process is gone
        }
    }

    /** "service cpu% rss" lines for the interval between two snapshots. */
    static String report(Map<String, Sample> before, Map<String, Sample> after, double seconds) {
        StringBuilder lines = new StringBuilder();
        for (String service : SERVICES) {
            Sample start = before.get(service);
            Sample end = after.get(service);
            if (start == null || end == null || start.pid() != end.pid()) {
                lines.append(String.format("    %-18s (not found on this machine)%n", service));
                continue;
            }
            lines.append(String.format("    %-18s cpu %5.0f%% of one core   rss %5d MiB%n", service,
                    100 * (end.cpuSeconds() - start.cpuSeconds()) / seconds, end.rssBytes() >> 20));
        }
        return lines.toString();
    }
}

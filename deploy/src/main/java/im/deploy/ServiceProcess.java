package im.deploy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One service running as its own JVM, output appended to its log file.
 *
 * <p><b>Orphan watchdog.</b> Java cannot ask the kernel to kill a child when its parent dies, so on POSIX systems the
 * service is started through {@code /bin/sh} with a one-line watchdog:
 * <pre>
 *   exec 3&lt;&amp;0; ( cat &lt;&amp;3 &gt;/dev/null; kill -TERM $$ ) &amp; exec 3&lt;&amp;-; exec java ... &lt;/dev/null
 * </pre>
 * The shell forks a subshell that reads the pipe the launcher holds as the service's stdin, then {@code exec}s the
 * service JVM in its own place, so the {@link Process} the launcher holds <em>is</em> the service JVM (same pid:
 * {@code destroy()} sends it SIGTERM directly). The subshell's {@code $$} is that pid. When the launcher dies, even by
 * SIGKILL, the kernel closes the pipe, {@code cat} sees end-of-file and the subshell sends SIGTERM to the service. On
 * a normal stop the launcher kills the watchdog first, so it never signals a pid that may have been reused.
 * (The stdin of an asynchronous list is {@code /dev/null} in a non-interactive shell, hence the detour via fd 3.)
 *
 * <p>When the service dies on its own (a crash, {@code kill -9}), its watchdog subshell lives on, re-parented and no
 * longer a descendant of the launcher, still waiting for the pipe to close to signal a pid that is now free. So
 * {@link #start} notes the watchdog (the service pid's child) right after the start, and {@link #cleanUpAfterExit()}
 * kills it before the pipe is closed and the service is started again ({@link #startAgain}).
 */
final class ServiceProcess {

    private static final String WATCHDOG_SCRIPT =
            "exec 3<&0; ( cat <&3 >/dev/null 2>&1; kill -TERM $$ 2>/dev/null ) & exec 3<&-; exec \"$@\" </dev/null";
    private static final Path SHELL = Path.of("/bin/sh");
    private static final Pattern STATUS_UP = Pattern.compile("\"status\"\\s*:\\s*\"UP\"");

    private static final Duration WATCHDOG_FORK_TIMEOUT = Duration.ofSeconds(2);

    private final ServiceDefinition definition;
    private final Path jar;
    private final List<String> javaOptions;
    private final Map<String, String> environment;
    private final Path logFile;
    private final Path workingDirectory;
    private final Process process;
    /** the watchdog subshell (with its {@code cat}), empty without {@code /bin/sh} */
    private final List<ProcessHandle> watchdog;

    private ServiceProcess(ServiceDefinition definition, Path jar, List<String> javaOptions,
                           Map<String, String> environment, Path logFile, Path workingDirectory, Process process,
                           List<ProcessHandle> watchdog) {
        this.definition = definition;
        this.jar = jar;
        this.javaOptions = List.copyOf(javaOptions);
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
        this.workingDirectory = workingDirectory;
        this.process = process;
        this.watchdog = watchdog;
    }

    static ServiceProcess start(ServiceDefinition definition, Path jar, List<String> javaOptions,
                                Map<String, String> environment, Path logFile, Path workingDirectory)
            throws IOException {
        return start(definition, jar, javaOptions, environment, logFile, workingDirectory, "starting");
    }

    /**
     * The same service once more, after this one exited: same jar, JVM options, environment (ports, database,
     * Kafka, secret) and working directory, output appended to the same log.
     */
    ServiceProcess startAgain() throws IOException {
        return start(definition, jar, javaOptions, environment, logFile, workingDirectory, "restarting");
    }

    private static ServiceProcess start(ServiceDefinition definition, Path jar, List<String> javaOptions,
                                        Map<String, String> environment, Path logFile, Path workingDirectory,
                                        String headline) throws IOException {
        List<String> javaCommand = new ArrayList<>();
        javaCommand.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        javaCommand.addAll(javaOptions);
        javaCommand.add("-Daxoniq.update-checker.disabled=true");
        javaCommand.add("-jar");
        javaCommand.add(jar.toString());

        List<String> command = new ArrayList<>();
        boolean withWatchdog = Files.isExecutable(SHELL);
        if (withWatchdog) {
            command.addAll(List.of(SHELL.toString(), "-c", WATCHDOG_SCRIPT, definition.name()));
        }
        command.addAll(javaCommand);

        Files.createDirectories(logFile.getParent());
        Files.writeString(logFile, "==== " + java.time.Instant.now() + " " + headline + " " + definition.displayName()
                        + " on port " + definition.port() + " ====\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(environment);
        Process process = builder.start();
        List<ProcessHandle> watchdog = withWatchdog ? awaitWatchdog(process) : List.of();
        return new ServiceProcess(definition, jar, javaOptions, environment, logFile, workingDirectory, process,
                watchdog);
    }

    /**
     * The shell forks the watchdog before it execs the service JVM, within milliseconds of the start: its only
     * child, noted while it is still a child (once the service has died it is no longer to be found).
     */
    private static List<ProcessHandle> awaitWatchdog(Process process) {
        long deadline = System.nanoTime() + WATCHDOG_FORK_TIMEOUT.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            List<ProcessHandle> children = process.children().toList();
            if (!children.isEmpty()) {
                return children;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return List.of();
    }

    ServiceDefinition definition() {
        return definition;
    }

    Path logFile() {
        return logFile;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    /** True when {@code /actuator/health} answers 200 with status UP. */
    boolean isHealthy(HttpClient http) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(definition.localUrl() + "/actuator/health"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && STATUS_UP.matcher(response.body()).find();
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Kills the watchdog (so it never fires later), then asks the service to stop (SIGTERM). */
    void requestStop() {
        killWatchdog();
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        closeQuietly(process.getOutputStream());
        process.destroy();
    }

    /**
     * After the service exited on its own: kills its watchdog, which is no longer the service's child and would
     * otherwise wait for the launcher to end and then signal the dead service's pid (by then maybe another
     * process), and closes the pipe it was reading.
     */
    void cleanUpAfterExit() {
        killWatchdog();
        closeQuietly(process.getOutputStream());
    }

    /**
     * The subshell first: were its {@code cat} killed first, it would go on to its {@code kill}. A handle checks the
     * process start time, so this never signals another process that got a reused pid.
     */
    private void killWatchdog() {
        for (ProcessHandle subshell : watchdog) {
            List<ProcessHandle> cat = subshell.descendants().toList();
            subshell.destroyForcibly();
            cat.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Waits until the service has exited, at most {@code timeout}; then kills it. */
    boolean awaitStopOrKill(Duration timeout) throws InterruptedException {
        if (process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            return true;
        }
        process.destroyForcibly();
        process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        return false;
    }

    /** The last {@code lines} lines of the log, for a start failure report. */
    String logTail(int lines) {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long length = file.length();
            int window = (int) Math.min(length, 64 * 1024);
            byte[] buffer = new byte[window];
            file.seek(length - window);
            file.readFully(buffer);
            String[] all = new String(buffer, StandardCharsets.UTF_8).split("\r?\n");
            return String.join("\n", Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // the pipe is gone already
        }
    }
}

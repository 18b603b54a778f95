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
 */
final class ServiceProcess {

    private static final String WATCHDOG_SCRIPT =
            "exec 3<&0; ( cat <&3 >/dev/null 2>&1; kill -TERM $$ 2>/dev/null ) & exec 3<&-; exec \"$@\" </dev/null";
    private static final Path SHELL = Path.of("/bin/sh");
    private static final Pattern STATUS_UP = Pattern.compile("\"status\"\\s*:\\s*\"UP\"");

    private final ServiceDefinition definition;
    private final Path logFile;
    private final Process process;

    private ServiceProcess(ServiceDefinition definition, Path logFile, Process process) {
        this.definition = definition;
        this.logFile = logFile;
        this.process = process;
    }

    static ServiceProcess start(ServiceDefinition definition, Path jar, List<String> javaOptions,
                                Map<String, String> environment, Path logFile, Path workingDirectory)
            throws IOException {
        List<String> javaCommand = new ArrayList<>();
        javaCommand.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        javaCommand.addAll(javaOptions);
        javaCommand.add("-Daxoniq.update-checker.disabled=true");
        javaCommand.add("-jar");
        javaCommand.add(jar.toString());

        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SHELL)) {
            command.addAll(List.of(SHELL.toString(), "-c", WATCHDOG_SCRIPT, definition.name()));
        }
        command.addAll(javaCommand);

        Files.createDirectories(logFile.getParent());
        Files.writeString(logFile, "==== " + java.time.Instant.now() + " starting " + definition.name()
                        + " on port " + definition.port() + " ====\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(environment);
        return new ServiceProcess(definition, logFile, builder.start());
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
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        closeQuietly(process.getOutputStream());
        process.destroy();
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

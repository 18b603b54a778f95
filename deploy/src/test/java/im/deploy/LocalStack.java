package im.deploy;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The whole stack, started once per test JVM the way the README says ({@code java -jar target/im-launcher.jar},
 * here on free ports with a throw-away data directory) and shared by every end-to-end class, which run in
 * {@code @Order} (see {@code junit-platform.properties}); {@link StackShutdownE2EIT} runs last and stops it with
 * SIGTERM. Should that class not run (a filtered run, a failure), a shutdown hook stops the launcher and its
 * services so nothing outlives the build.
 *
 * <p>Settings passed to the launcher beyond ports and directories are the ones a load test would set too: the
 * auth rate limit is raised (one client address registers hundreds of users) and BCrypt's cost lowered to its
 * minimum (hundreds of registrations and logins would otherwise take most of the run; the default cost is covered
 * by user-service's own tests), and the gateway's inbound frame rate per socket raised (a test sends 1,000
 * messages quickly; no test relies on the default limit of 20 frames/s).
 *
 * <p>Tests that crash a service ({@link #crash}) find its pid in the launcher's output ({@link #pidOf}) and wait for
 * the launcher to restart it ({@link #awaitRestarted}).
 *
 * <p>A class that needs a stack of its own (other launcher settings, e.g. several instances) starts one with
 * {@link #startDedicated} and stops it with {@link #stop()}; the shared one is not involved.
 */
final class LocalStack {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(240);
    static final String INDEX_HTML = "<!doctype html><title>e2e frontend</title><p>e2e-index-marker</p>";

    private static LocalStack running;

    private final StringBuffer output = new StringBuffer();
    private final CountDownLatch outputSettled = new CountDownLatch(1);
    /** per service: the length of the output when it was last crashed, where its restarted line is looked for */
    private final Map<String, Integer> crashMarks = new HashMap<>();
    private volatile boolean sawReadyLine;
    private boolean stoppedCleanly;
    private Path dataDirectory;
    private Process launcher;
    private Thread reader;
    private int gatewayPort;
    private final List<Integer> gatewayPorts = new ArrayList<>();
    private int postgresPort;
    private int gatewayManagementPort = -1;
    private final Map<String, String> extraEnvironment;

    private LocalStack() {
        this(Map.of());
    }

    private LocalStack(Map<String, String> extraEnvironment) {
        this.extraEnvironment = Map.copyOf(extraEnvironment);
    }

    /**
     * A stack of the caller's own, started like the shared one with {@code extraEnvironment} added to the launcher's
     * environment; with {@code IM_GATEWAY_INSTANCES} / {@code IM_MESSAGING_INSTANCES} the further instances get free
     * ports too. The caller stops it ({@link #stop()}); a shutdown hook does if it does not.
     */
    static LocalStack startDedicated(Map<String, String> extraEnvironment) throws Exception {
        LocalStack stack = new LocalStack(extraEnvironment);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::destroyIfAlive, "local-stack-safety-net"));
        stack.start();
        return stack;
    }

    /** The port of gateway instance {@code instance} (1: the first, {@link #gatewayPort()}). */
    int gatewayPort(int instance) {
        return gatewayPorts.get(instance - 1);
    }

    /** The embedded PostgreSQL's port (user and password {@code postgres}). */
    int postgresPort() {
        return postgresPort;
    }

    /**
     * Stops a {@linkplain #startDedicated dedicated} stack as Ctrl-C would (SIGTERM to the launcher), waits for its
     * {@code stopped} line and checks that none of its processes is left; then deletes its data directory.
     */
    synchronized void stop() throws Exception {
        List<ProcessHandle> processes = launcher.descendants().toList();
        launcher.toHandle().destroy();
        if (!launcher.waitFor(90, TimeUnit.SECONDS)) {
            failWithDiagnostics("the launcher did not stop within 90 s of SIGTERM");
        }
        awaitEndOfOutput();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        List<Long> left = processes.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
        if (!output().contains("\n" + LocalStackLauncher.STOPPED_LINE + "\n") || !left.isEmpty()) {
            failWithDiagnostics("the launcher did not stop cleanly: processes left " + left);
        }
        stoppedCleanly = true;
        deleteDataDirectory();
    }

    /** The running stack, started by the first caller. */
    static synchronized LocalStack get() throws Exception {
        if (running == null) {
            LocalStack stack = new LocalStack();
            Runtime.getRuntime().addShutdownHook(new Thread(stack::destroyIfAlive, "local-stack-safety-net"));
            running = stack;
            stack.start();
        }
        return running;
    }

    int gatewayPort() {
        return gatewayPort;
    }

    /**
     * The (first) gateway's metrics port, {@code GATEWAY_MANAGEMENT_PORT} on 127.0.0.1 ({@code GET
     * /actuator/prometheus}); set for a stack with one gateway, -1 otherwise.
     */
    int gatewayManagementPort() {
        return gatewayManagementPort;
    }

    /** The in-JVM Kafka's bootstrap servers, as the launcher printed them. */
    String kafkaBootstrap() {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("Kafka bootstrap servers: (\\S+)")
                .matcher(output.toString());
        if (!matcher.find()) {
            throw new AssertionError("the launcher printed no Kafka bootstrap servers:\n" + output);
        }
        return matcher.group(1);
    }

    /** The launcher's data directory ({@code IM_DATA_DIR}): {@code media/}, {@code logs/}, ... */
    Path dataDirectory() {
        return dataDirectory;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    Process launcher() {
        return launcher;
    }

    String output() {
        return output.toString();
    }

    /**
     * The pid of {@code service}'s JVM: from the launcher's latest {@code <service> restarted (pid P)} line, else
     * from its ready listing ({@code   <service>  port N  pid P  log ...}).
     */
    long pidOf(String service) {
        Long fromListing = null;
        Long fromRestart = null;
        Pattern listing = Pattern.compile("^\\s+" + Pattern.quote(service) + "\\s+port\\s+\\d+\\s+pid\\s+(\\d+)\\s");
        for (String line : output().split("\n")) {
            Matcher restarted = LocalStackLauncher.RESTARTED_LINE.matcher(line);
            if (restarted.find() && restarted.group(1).equals(service)) {
                fromRestart = Long.parseLong(restarted.group(2));
                continue;
            }
            Matcher listed = listing.matcher(line);
            if (listed.find()) {
                fromListing = Long.parseLong(listed.group(1));
            }
        }
        if (fromRestart != null) {
            return fromRestart;
        }
        if (fromListing == null) {
            throw new IllegalStateException("no pid of " + service + " in the launcher output:\n" + output());
        }
        return fromListing;
    }

    /**
     * Kills {@code service}'s JVM with SIGKILL, as a crash would, and waits until it is gone. {@link #awaitRestarted}
     * then waits for the launcher's restart.
     */
    void crash(String service) throws Exception {
        long pid = pidOf(service);
        ProcessHandle process = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException(service + " (pid " + pid + ") is not running"));
        synchronized (crashMarks) {
            crashMarks.put(service, output.length());
        }
        process.destroyForcibly();
        process.onExit().get(30, TimeUnit.SECONDS);
    }

    /**
     * Waits for the launcher's {@code <service> restarted (pid P)} line printed after the last {@link #crash} of
     * {@code service}, and answers the new pid. Fails with the launcher output and the logs when it does not come in
     * time, when the launcher gives up on the service, or when the launcher exits.
     */
    long awaitRestarted(String service, Duration timeout) throws Exception {
        int from;
        synchronized (crashMarks) {
            from = crashMarks.getOrDefault(service, 0);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String since = output.substring(Math.min(from, output.length()));
            for (String line : since.split("\n")) {
                Matcher restarted = LocalStackLauncher.RESTARTED_LINE.matcher(line);
                if (restarted.find() && restarted.group(1).equals(service)) {
                    return Long.parseLong(restarted.group(2));
                }
                if (line.startsWith("giving up on " + service + ":")) {
                    failWithDiagnostics("the launcher gave up on " + service + ": " + line);
                }
            }
            if (!launcher.isAlive()) {
                failWithDiagnostics("the launcher exited (code " + launcher.exitValue() + ") before it restarted "
                        + service);
            }
            if (System.nanoTime() > deadline) {
                failWithDiagnostics(service + " was not restarted within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    /** Waits until the launcher's output ended (after it exited). */
    void awaitEndOfOutput() throws InterruptedException {
        reader.join(TimeUnit.SECONDS.toMillis(10));
    }

    /** Called by the stop test once nothing is left running: the data directory is then deleted. */
    synchronized void stoppedCleanly() {
        stoppedCleanly = true;
        deleteDataDirectory();
    }

    private void start() throws Exception {
        Path launcherJar = Path.of("target", "im-launcher.jar").toAbsolutePath();
        // the repository root, as in the README; -Dim.e2e.services-dir=<copy> runs against a snapshot of the jars
        Path repositoryRoot = Path.of(System.getProperty("im.e2e.services-dir",
                Path.of("").toAbsolutePath().getParent().toString()));
        if (!Files.isRegularFile(launcherJar)) {
            fail("run after 'package': " + launcherJar + " is missing");
        }

        dataDirectory = Files.createTempDirectory("im-e2e-data");
        // the launcher runs from a copy: a build that rewrites target/im-launcher.jar meanwhile (another module's
        // 'package' in the same tree) would break its class loading, e.g. in the middle of the ordered stop
        Path launcherCopy = Files.createDirectories(dataDirectory.resolve("launcher")).resolve("im-launcher.jar");
        Files.copy(launcherJar, launcherCopy);
        Path webRoot = Files.createTempDirectory("im-e2e-web");
        Files.writeString(webRoot.resolve("index.html"), INDEX_HTML);
        int extraGateways = Integer.parseInt(extraEnvironment.getOrDefault("IM_GATEWAY_INSTANCES", "1")) - 1;
        int extraMessaging = Integer.parseInt(extraEnvironment.getOrDefault("IM_MESSAGING_INSTANCES", "1")) - 1;
        int[] ports = freePorts(6 + extraGateways + extraMessaging + 1);
        gatewayPort = ports[0];
        gatewayPorts.add(ports[0]);
        postgresPort = ports[5];
        List<String> extraGatewayPorts = new ArrayList<>();
        List<String> extraMessagingPorts = new ArrayList<>();
        for (int i = 0; i < extraGateways; i++) {
            gatewayPorts.add(ports[6 + i]);
            extraGatewayPorts.add(String.valueOf(ports[6 + i]));
        }
        for (int i = 0; i < extraMessaging; i++) {
            extraMessagingPorts.add(String.valueOf(ports[6 + extraGateways + i]));
        }

        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", launcherCopy.toString())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("IM_DATA_DIR", dataDirectory.toString());
        env.put("IM_SERVICES_DIR", repositoryRoot.toString());
        env.put("IM_WEB_ROOT", webRoot.toString());
        env.put("GATEWAY_PORT", String.valueOf(ports[0]));
        env.put("USER_SERVICE_PORT", String.valueOf(ports[1]));
        env.put("GROUP_SERVICE_PORT", String.valueOf(ports[2]));
        env.put("MESSAGING_SERVICE_PORT", String.valueOf(ports[3]));
        env.put("MEDIA_SERVICE_PORT", String.valueOf(ports[4]));
        env.put("IM_PG_PORT", String.valueOf(ports[5]));
        if (extraGateways == 0) { // the metrics port DashboardMetricsE2EIT scrapes (further gateways would take +100..)
            gatewayManagementPort = ports[ports.length - 1];
            env.put("GATEWAY_MANAGEMENT_PORT", String.valueOf(gatewayManagementPort));
        }
        env.put("IM_READY_TIMEOUT", "220");
        env.put("IM_AUTH_RATE_LIMIT", "100000");
        env.put("IM_AUTH_RATE_BURST", "100000");
        env.put("IM_BCRYPT_COST", "4");
        env.put("IM_WS_FRAME_RATE", "2000");
        env.put("IM_WS_FRAME_BURST", "2000");
        env.remove("IM_JWT_SECRET"); // the generated-secret path is the README's default
        env.remove("IM_DIRECT_MESSAGE_POLICY"); // the default, contacts-only
        env.putAll(extraEnvironment);
        if (!extraGatewayPorts.isEmpty()) {
            env.put("GATEWAY_EXTRA_PORTS", String.join(",", extraGatewayPorts));
        }
        if (!extraMessagingPorts.isEmpty()) {
            env.put("MESSAGING_SERVICE_EXTRA_PORTS", String.join(",", extraMessagingPorts));
        }
        launcher = builder.start();

        reader = new Thread(this::readOutput, "launcher-output");
        reader.setDaemon(true);
        reader.start();

        outputSettled.await(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!sawReadyLine) {
            failWithDiagnostics(launcher.isAlive()
                    ? "the launcher did not print the ready line within " + READY_TIMEOUT.toSeconds() + " s"
                    : "the launcher exited (code " + launcher.waitFor() + ") without printing the ready line");
        }
    }

    private void readOutput() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                output.append(line).append('\n');
                if (line.startsWith(LocalStackLauncher.READY_LINE_PREFIX + "http://localhost:" + gatewayPort)) {
                    sawReadyLine = true;
                    outputSettled.countDown();
                }
            }
        } catch (IOException ignored) {
            // the launcher is gone
        } finally {
            outputSettled.countDown(); // the launcher exited: wake the waiter, which checks sawReadyLine
        }
    }

    /** Fails the calling test with the launcher's output and the end of every service log printed. */
    void failWithDiagnostics(String reason) throws IOException {
        StringBuilder report = new StringBuilder(reason).append("\n==== launcher output ====\n").append(output);
        Path logs = dataDirectory.resolve("logs");
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path log : files.sorted().toList()) {
                    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                    report.append("\n==== ").append(log.getFileName()).append(" (last 80 lines) ====\n");
                    lines.subList(Math.max(0, lines.size() - 80), lines.size())
                            .forEach(line -> report.append(line).append('\n'));
                }
            }
        }
        System.err.println(report);
        fail(reason + " (launcher output and service logs printed above)");
    }

    private synchronized void destroyIfAlive() {
        if (launcher != null && launcher.isAlive()) {
            List<ProcessHandle> children = launcher.descendants().toList();
            launcher.toHandle().destroy();
            try {
                if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
                    launcher.destroyForcibly();
                    children.forEach(ProcessHandle::destroyForcibly);
                }
            } catch (InterruptedException e) {
                launcher.destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
            }
        }
        if (!stoppedCleanly && dataDirectory != null) {
            System.err.println("end-to-end data directory kept for a look: " + dataDirectory);
        }
    }

    private void deleteDataDirectory() {
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dataDirectory + ": " + e);
        }
    }

    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}

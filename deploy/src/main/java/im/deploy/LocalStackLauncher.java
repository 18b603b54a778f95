package im.deploy;

import im.platform.embedded.EmbeddedKafkaServer;
import im.platform.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.utils.Exit;

/**
 * The one-command local stack ({@code ./run.sh}, or {@code java -jar deploy/target/im-launcher.jar}): embedded
 * PostgreSQL (cluster kept in the data directory), an in-JVM Kafka broker (not kept), and the five services, each as
 * its own JVM started from its fat jar with the environment it needs. It prints the URL once every service reports
 * healthy and stops everything, services first, then Kafka, then PostgreSQL, on Ctrl-C or SIGTERM. In between it
 * supervises the services: one that exits on its own is started again, within the limits of a {@link RestartPolicy}.
 *
 * <p>Plain Java on purpose: no Spring context in the launcher, so it starts in a second and stays small.
 */
public final class LocalStackLauncher {

    static final String READY_LINE_PREFIX = "IM server ready at ";
    static final String STOPPED_LINE = "stopped";
    /**
     * {@code <service> restarted (pid <pid>) ...}: printed once a restarted service reports healthy; the pid is the
     * service JVM's, as in the ready listing.
     */
    static final java.util.regex.Pattern RESTARTED_LINE =
            java.util.regex.Pattern.compile("^(\\S+) restarted \\(pid (\\d+)\\)");

    private static final Duration SERVICE_STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration HEALTH_POLL_INTERVAL = Duration.ofMillis(500);
    private static final Duration SUPERVISE_INTERVAL = Duration.ofMillis(250);
    private static final int LOG_TAIL_LINES = 40;

    private final LauncherConfig config;
    private final List<ServiceProcess> services = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Runnable> kafkaCleanupHooks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private EmbeddedPostgresServer postgres;
    private EmbeddedKafkaServer kafka;

    LocalStackLauncher(LauncherConfig config) {
        this.config = config;
    }

    public static void main(String[] args) {
        LauncherConfig config;
        try {
            config = LauncherConfig.fromEnvironment(System.getenv(), LauncherConfig.launcherLocation());
        } catch (IllegalArgumentException e) {
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        List<ServiceDefinition> missing = config.servicesWithoutJar();
        if (!missing.isEmpty()) {
            System.err.println("Missing service jar(s) under " + config.servicesDirectory() + ":");
            missing.forEach(service -> System.err.println("  " + config.jarOf(service)));
            System.err.println("Build them first: ./mvnw package -DskipTests   (or just use ./run.sh, which builds)");
            System.exit(1);
            return;
        }
        routeInfrastructureLogging(config);
        LocalStackLauncher launcher = new LocalStackLauncher(config);
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::stopAll, "im-launcher-shutdown"));
        boolean ready;
        try {
            ready = launcher.startAll();
        } catch (Exception e) {
            System.err.println("Start failed: " + e);
            ready = false;
        }
        if (!ready) {
            launcher.stopAll();
            System.exit(1);
            return;
        }
        launcher.watchUntilStopped();
    }

    /**
     * The in-JVM Kafka broker and the PostgreSQL wrapper log through slf4j-simple; their warnings (many of them at
     * shutdown, when Kafka's own hook removes its temporary log directory) go to a file, not the console, which only
     * shows the launcher's own lines. Must run before the first logger is created.
     */
    private static void routeInfrastructureLogging(LauncherConfig config) {
        try {
            Files.createDirectories(config.logDirectory());
            System.setProperty("org.slf4j.simpleLogger.logFile",
                    config.logDirectory().resolve("infrastructure.log").toString());
        } catch (IOException e) {
            System.err.println("Cannot create " + config.logDirectory() + ": " + e.getMessage());
        }
    }

    /**
     * The in-JVM broker comes from Kafka's test kit, which assumes it owns the JVM: it registers a shutdown hook that
     * deletes its log directory (JVM hooks run concurrently, so that races with the ordered stop below), and when its
     * log directory vanishes it calls {@code Exit.halt}, which would kill the launcher before PostgreSQL is stopped.
     * Kafka routes both through {@link Exit}, which lets us take them over: the hooks are kept and run after the
     * broker is closed, and a halt during the stop is ignored. A fatal broker error while running stops the stack
     * the normal way (exit code 1).
     */
    private void tameKafkaProcessControl() {
        Exit.setShutdownHookAdder((name, hook) -> kafkaCleanupHooks.add(hook));
        Exit.Procedure haltOrExit = (status, message) -> {
            if (stopping.get()) {
                return;
            }
            System.err.println("The embedded Kafka broker failed (" + message + "); stopping. See "
                    + config.logDirectory().resolve("infrastructure.log"));
            Thread exit = new Thread(() -> System.exit(1), "im-launcher-kafka-failure");
            exit.start();
        };
        Exit.setHaltProcedure(haltOrExit);
        Exit.setExitProcedure(haltOrExit);
    }

    /** @return true when every service reported healthy; false after printing why not */
    boolean startAll() throws IOException, InterruptedException {
        long startNanos = System.nanoTime();
        Files.createDirectories(config.logDirectory());
        Files.createDirectories(config.mediaDirectory());
        EmbeddedPostgresServer.stopStalePostmaster(config.postgresDirectory()); // before the port check: it holds IM_PG_PORT
        if (!portsAreFree()) {
            return false;
        }
        String jwtSecret = config.jwtSecret().isPresent()
                ? config.jwtSecret().get()
                : JwtSecretFile.loadOrCreate(config.jwtSecretFile());

        System.out.println("Starting PostgreSQL on port " + config.postgresPort() + " (data in "
                + config.postgresDirectory() + (config.durablePostgres() ? ", durable" : ", fsync off") + ")");
        EmbeddedPostgresServer startedPostgres = EmbeddedPostgresServer.startPersistent(config.postgresDirectory(),
                config.postgresPort(), config.logDirectory().resolve("postgres.log"), config.durablePostgres());
        synchronized (this) {
            if (stopping.get()) {
                startedPostgres.close();
                return false;
            }
            postgres = startedPostgres;
        }
        config.services().stream().filter(ServiceDefinition::hasDatabase).map(ServiceDefinition::database)
                .distinct().forEach(postgres::createDatabaseIfMissing);

        System.out.println("Starting Kafka");
        tameKafkaProcessControl();
        EmbeddedKafkaServer startedKafka = EmbeddedKafkaServer.start(config.kafkaPartitions());
        synchronized (this) {
            if (stopping.get()) {
                startedKafka.close();
                return false;
            }
            kafka = startedKafka;
        }
        System.out.println("  Kafka bootstrap servers: " + kafka.bootstrapServers());

        System.out.println("Starting " + config.services().size() + " service processes (logs in "
                + config.logDirectory() + ")");
        for (ServiceDefinition service : config.services()) {
            synchronized (this) { // stopAll holds the lock: a service is either stopped by it or never started
                if (stopping.get()) {
                    return false;
                }
                services.add(ServiceProcess.start(service, config.jarOf(service), config.serviceJavaOptions(),
                        environmentOf(service, jwtSecret), config.logFileOf(service), config.dataDirectory()));
            }
        }
        if (!awaitHealthy()) {
            return false;
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.println(READY_LINE_PREFIX + "http://localhost:" + config.gatewayPort()
                + String.format(Locale.ROOT, " (%.1f s)", seconds));
        for (ServiceProcess service : services) {
            System.out.printf(Locale.ROOT, "  %-18s port %-5d pid %-7d log %s%n", service.definition().displayName(),
                    service.definition().port(), service.pid(), service.logFile());
        }
        System.out.println("Press Ctrl-C to stop.");
        return true;
    }

    /**
     * The environment of one service: the launcher's own environment (so any service setting, e.g.
     * {@code IM_LEGACY_ERROR_STATUS}, can be passed through), plus every port and URL, Kafka, the JWT secret, the
     * web root and media directory, and the credentials of the service's own database only.
     *
     * <p>With several instances ({@code IM_GATEWAY_INSTANCES}, {@code IM_MESSAGING_INSTANCES}) the ports and URLs
     * are the first instances', except an instance's own port; a gateway instance gets the URL of its
     * messaging-service instance ({@link LauncherConfig#messagingInstanceFor}) and, past the first, its own metrics
     * port (when {@code GATEWAY_MANAGEMENT_PORT} is set) and, when {@code GATEWAY_INSTANCE_ID} is set, that id with
     * {@code -<instance>} appended (unset, every gateway makes up a random one at each start). Instances of a service
     * share its database and Kafka consumer groups; several messaging-service instances each get
     * {@code MESSAGING_LISTENER_CONCURRENCY} = partitions / instances (rounded up) unless it is set, so that the
     * consumer threads of the inbound topic do not outnumber its partitions.
     */
    Map<String, String> environmentOf(ServiceDefinition service, String jwtSecret) {
        return environmentOf(service, jwtSecret, System.getenv(), "jdbc:postgresql://127.0.0.1:" + postgres.port(),
                kafka.bootstrapServers());
    }

    /**
     * @param launcherEnv  the launcher's own environment (inherited by every service; read here for the variables
     *                     an instance gets its own value of)
     * @param jdbcUrlBase  {@code jdbc:postgresql://host:port}, the database name is appended
     */
    Map<String, String> environmentOf(ServiceDefinition service, String jwtSecret, Map<String, String> launcherEnv,
                                      String jdbcUrlBase, String kafkaBootstrapServers) {
        Map<String, String> env = new HashMap<>();
        for (ServiceDefinition any : config.firstInstances()) {
            env.put(any.portVariable(), String.valueOf(any.port()));
            if (!any.name().equals("gateway-service")) {
                String urlVariable = any.name().toUpperCase(Locale.ROOT).replace('-', '_') + "_URL";
                env.put(urlVariable, any.localUrl());
            }
        }
        env.put(service.portVariable(), String.valueOf(service.port()));
        if (service.name().equals("gateway-service")) {
            env.put("MESSAGING_SERVICE_URL", config.messagingInstanceFor(service.instance()).localUrl());
            config.gatewayManagementPortOf(service.instance())
                    .ifPresent(port -> env.put("GATEWAY_MANAGEMENT_PORT", String.valueOf(port)));
            String instanceId = launcherEnv.get("GATEWAY_INSTANCE_ID");
            if (instanceId != null && !instanceId.isBlank() && service.instance() > 1) {
                env.put("GATEWAY_INSTANCE_ID", instanceId.trim() + "-" + service.instance());
            }
        }
        if (service.name().equals("messaging-service") && config.messagingInstances() > 1
                && launcherEnv.get("MESSAGING_LISTENER_CONCURRENCY") == null) {
            // the inbound consumer group's threads share the partitions: each instance gets a share, none idles
            int perInstance = (config.kafkaPartitions() + config.messagingInstances() - 1) / config.messagingInstances();
            env.put("MESSAGING_LISTENER_CONCURRENCY", String.valueOf(perInstance));
        }
        if (service.hasDatabase()) { // created in startAll
            env.put(service.dbEnvPrefix() + "_DB_URL", jdbcUrlBase + "/" + service.database());
            env.put(service.dbEnvPrefix() + "_DB_USER", postgres == null ? "postgres" : postgres.username());
            env.put(service.dbEnvPrefix() + "_DB_PASSWORD", postgres == null ? "postgres" : postgres.password());
        }
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        env.put("KAFKA_PARTITIONS", String.valueOf(config.kafkaPartitions()));
        env.put("IM_JWT_SECRET", jwtSecret);
        config.webRoot().ifPresent(root -> env.put("IM_WEB_ROOT", root.toString()));
        env.put("IM_MEDIA_DIR", config.mediaDirectory().toString());
        env.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        return env;
    }

    /** Fails fast with the variable to change when a port is taken (a stale run, another program). */
    private boolean portsAreFree() {
        Map<String, Integer> ports = config.ports();
        Set<String> taken = new LinkedHashSet<>();
        ports.forEach((variable, port) -> {
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                probe.setReuseAddress(true);
            } catch (IOException e) {
                taken.add(variable + "=" + port);
            }
        });
        if (!taken.isEmpty()) {
            System.err.println("Port(s) already in use: " + String.join(", ", taken)
                    + ". Is another launcher running? Stop it, or choose other ports with these variables.");
            return false;
        }
        return true;
    }

    private boolean awaitHealthy() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + config.readyTimeout().toNanos();
        Set<ServiceProcess> pending = new LinkedHashSet<>(services);
        while (!pending.isEmpty()) {
            if (stopping.get()) {
                return false;
            }
            for (var iterator = pending.iterator(); iterator.hasNext(); ) {
                ServiceProcess service = iterator.next();
                if (!service.isAlive()) {
                    reportFailure(service, service.definition().displayName() + " exited with code " + service.exitValue()
                            + " before it became healthy");
                    return false;
                }
                if (service.isHealthy(http)) {
                    System.out.println("  " + service.definition().displayName() + " is up");
                    iterator.remove();
                }
            }
            if (pending.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                ServiceProcess first = pending.iterator().next();
                reportFailure(first, "not healthy within " + config.readyTimeout().toSeconds() + " s (IM_READY_TIMEOUT): "
                        + pending.stream().map(s -> s.definition().displayName()).toList());
                return false;
            }
            Thread.sleep(HEALTH_POLL_INTERVAL.toMillis());
        }
        return true;
    }

    private void reportFailure(ServiceProcess service, String reason) {
        System.err.println("Start failed: " + reason);
        System.err.println("---- last " + LOG_TAIL_LINES + " lines of " + service.logFile() + " ----");
        System.err.println(service.logTail(LOG_TAIL_LINES));
        System.err.println("---- end of " + service.definition().displayName() + " log ----");
    }

    /**
     * After a successful start: keeps the launcher alive and supervises the services until the stop. A service that
     * exits on its own is reported, started again with the same environment, ports and log, and announced with
     * {@code <name> restarted (pid P)} once healthy (same health check and timeout as the start); past the
     * {@link RestartPolicy} limit it stays down and the others keep running. Nothing is restarted once the stop has
     * begun: {@link #stopAll} sets {@link #stopping} before it signals any service, and a restart happens under the
     * same lock as the stop.
     */
    private void watchUntilStopped() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, Supervision> supervisions = new HashMap<>();
        for (ServiceProcess service : services) {
            supervisions.put(service.definition().displayName(),
                    new Supervision(new RestartPolicy(config.restartLimit(), RestartPolicy.DEFAULT_WINDOW)));
        }
        while (!stopping.get()) {
            for (int index = 0; index < services.size() && !stopping.get(); index++) {
                supervise(index, supervisions.get(services.get(index).definition().displayName()), http);
            }
            try {
                Thread.sleep(SUPERVISE_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Where one service stands between its exits and restarts. Only the supervisor loop touches it. */
    private static final class Supervision {
        enum State { RUNNING, WAITING, STARTING, GAVE_UP }

        final RestartPolicy policy;
        State state = State.RUNNING;
        long exitedAtNanos;
        long restartAtNanos;
        long healthyDeadlineNanos;

        Supervision(RestartPolicy policy) {
            this.policy = policy;
        }
    }

    private void supervise(int index, Supervision supervision, HttpClient http) {
        ServiceProcess service = services.get(index);
        String name = service.definition().displayName();
        switch (supervision.state) {
            case RUNNING -> {
                if (!service.isAlive()) {
                    exited(service, supervision, "exited unexpectedly (code " + service.exitValue() + "); see "
                            + service.logFile());
                }
            }
            case WAITING -> {
                if (System.nanoTime() - supervision.restartAtNanos >= 0) {
                    restart(index, supervision);
                }
            }
            case STARTING -> {
                if (!service.isAlive()) {
                    exited(service, supervision, "exited with code " + service.exitValue()
                            + " before it was healthy again; see " + service.logFile());
                } else if (service.isHealthy(http)) {
                    supervision.state = Supervision.State.RUNNING;
                    double seconds = (System.nanoTime() - supervision.exitedAtNanos) / 1e9;
                    System.out.println(name + " restarted (pid " + service.pid() + ")" + String.format(Locale.ROOT,
                            ", healthy %.1f s after its exit was noticed", seconds));
                } else if (System.nanoTime() - supervision.healthyDeadlineNanos > 0) {
                    service.requestStop();
                    try {
                        service.awaitStopOrKill(Duration.ofSeconds(5));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    exited(service, supervision, "was not healthy within " + config.readyTimeout().toSeconds()
                            + " s (IM_READY_TIMEOUT) after its restart and was stopped; see " + service.logFile());
                }
            }
            case GAVE_UP -> {
                // stays down
            }
        }
    }

    /** A service is gone: says so and, if the policy allows, schedules its restart. */
    private void exited(ServiceProcess service, Supervision supervision, String what) {
        if (stopping.get()) {
            return; // the stop ended it (or will): not a crash
        }
        String name = service.definition().displayName();
        long now = System.nanoTime();
        System.err.println(name + " " + what);
        service.cleanUpAfterExit();
        RestartPolicy policy = supervision.policy;
        switch (policy.onExit(now, stopping.get())) {
            case STOPPING -> {
                // nothing to do
            }
            case GIVE_UP -> {
                supervision.state = Supervision.State.GAVE_UP;
                String why = policy.limit() == 0 ? "restarts are off (IM_RESTART_LIMIT=0)"
                        : "restarted " + policy.limit() + " time(s) within " + policy.window().toMinutes()
                        + " min already (IM_RESTART_LIMIT=" + policy.limit() + ")";
                System.err.println("giving up on " + name + ": " + why
                        + "; it stays down, the other services keep running");
            }
            case RESTART -> {
                Duration backoff = policy.backoff();
                supervision.exitedAtNanos = now;
                supervision.restartAtNanos = now + backoff.toNanos();
                supervision.state = Supervision.State.WAITING;
                System.err.println("restarting " + name + (backoff.isZero() ? "" : " in " + backoff.toSeconds() + " s")
                        + " (restart " + policy.restartsWithinWindow(now) + " of at most " + policy.limit()
                        + " within " + policy.window().toMinutes() + " min)");
            }
        }
    }

    private void restart(int index, Supervision supervision) {
        ServiceProcess previous = services.get(index);
        synchronized (this) { // stopAll holds the lock: a restarted service is either stopped by it or never started
            if (stopping.get()) {
                return;
            }
            try {
                services.set(index, previous.startAgain());
            } catch (IOException e) {
                supervision.state = Supervision.State.RUNNING; // so that exited() judges again
                exited(previous, supervision, "could not be started again: " + e.getMessage());
                return;
            }
        }
        supervision.healthyDeadlineNanos = System.nanoTime() + config.readyTimeout().toNanos();
        supervision.state = Supervision.State.STARTING;
    }

    /**
     * Stops everything in dependency order, once (the shutdown hook and a failed start may both call it): all
     * services get SIGTERM at once and up to 20 s to finish, stragglers are killed; then Kafka; then PostgreSQL.
     */
    void stopAll() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            services.forEach(ServiceProcess::requestStop);
            long deadline = System.nanoTime() + SERVICE_STOP_TIMEOUT.toNanos();
            for (ServiceProcess service : services) {
                try {
                    Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                    if (!service.awaitStopOrKill(left)) {
                        System.err.println(service.definition().displayName() + " did not stop within "
                                + SERVICE_STOP_TIMEOUT.toSeconds() + " s and was killed");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (kafka != null) {
                try {
                    kafka.close();
                } catch (RuntimeException e) {
                    System.err.println("Kafka did not stop cleanly: " + e.getMessage());
                }
            }
            for (Runnable cleanup : kafkaCleanupHooks) { // removes the broker's temporary log directory
                try {
                    cleanup.run();
                } catch (RuntimeException e) {
                    System.err.println("Kafka clean-up failed: " + e.getMessage());
                }
            }
            if (postgres != null) {
                try {
                    postgres.close();
                } catch (IOException | RuntimeException e) {
                    System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
                }
            }
            System.out.println(STOPPED_LINE);
            System.out.flush();
        }
    }
}

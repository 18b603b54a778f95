package im.deploy;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the local launcher can be told, read from environment variables (each has a default; the README lists
 * them). Parsing is separate from doing so that it can be tested without starting anything.
 *
 * @param dataDirectory    {@code IM_DATA_DIR}: PostgreSQL cluster, logs, media files, the generated JWT secret
 * @param gatewayPort      {@code GATEWAY_PORT}: the only port clients use
 * @param userServicePort  {@code USER_SERVICE_PORT}
 * @param groupServicePort {@code GROUP_SERVICE_PORT}
 * @param messagingServicePort {@code MESSAGING_SERVICE_PORT}
 * @param mediaServicePort {@code MEDIA_SERVICE_PORT}
 * @param postgresPort     {@code IM_PG_PORT}
 * @param durablePostgres  {@code IM_PG_DURABLE} ({@code true} or {@code false}, the default): whether the embedded
 *                         PostgreSQL flushes its commits to disk (fsync, synchronous commit, full-page writes, as a
 *                         production server does) or not (fast, for development and tests: a machine crash can lose
 *                         the last commits and corrupt the cluster)
 * @param kafkaPartitions  {@code KAFKA_PARTITIONS}: partitions of auto-created topics (same variable the services read)
 * @param jwtSecret        {@code IM_JWT_SECRET}, empty when a generated secret kept in the data directory is used
 * @param webRoot          {@code IM_WEB_ROOT}, empty when the gateway serves no frontend
 * @param servicesDirectory {@code IM_SERVICES_DIR}: directory holding {@code <service>/target/<service>.jar}
 * @param serviceJavaOptions {@code IM_SERVICE_JAVA_OPTS}, split on whitespace
 * @param readyTimeout     {@code IM_READY_TIMEOUT} (seconds): how long every service may take to report healthy
 *                         (at the start, and again after each restart)
 * @param restartLimit     {@code IM_RESTART_LIMIT}: how often a service that exits on its own is restarted within
 *                         {@link RestartPolicy#DEFAULT_WINDOW} (10 minutes) before the launcher gives up on it;
 *                         0 never restarts
 * @param extraGatewayPorts the ports of the gateway instances after the first ({@code IM_GATEWAY_INSTANCES} - 1 of
 *                         them): {@code GATEWAY_EXTRA_PORTS}, by default {@code GATEWAY_PORT} + 100, + 200, ...
 * @param extraMessagingPorts the ports of the messaging-service instances after the first
 *                         ({@code IM_MESSAGING_INSTANCES} - 1): {@code MESSAGING_SERVICE_EXTRA_PORTS}, by default
 *                         {@code MESSAGING_SERVICE_PORT} + 100, + 200, ...
 * @param gatewayManagementPort {@code GATEWAY_MANAGEMENT_PORT} (a gateway setting the launcher passes through),
 *                         empty when unset: the first gateway's metrics port
 * @param extraGatewayManagementPorts the metrics ports of the other gateway instances, empty without
 *                         {@code GATEWAY_MANAGEMENT_PORT}: {@code GATEWAY_EXTRA_MANAGEMENT_PORTS}, by default
 *                         {@code GATEWAY_MANAGEMENT_PORT} + 100, + 200, ...
 */
public record LauncherConfig(
        Path dataDirectory,
        int gatewayPort,
        int userServicePort,
        int groupServicePort,
        int messagingServicePort,
        int mediaServicePort,
        int postgresPort,
        boolean durablePostgres,
        int kafkaPartitions,
        Optional<String> jwtSecret,
        Optional<Path> webRoot,
        Path servicesDirectory,
        List<String> serviceJavaOptions,
        Duration readyTimeout,
        int restartLimit,
        List<Integer> extraGatewayPorts,
        List<Integer> extraMessagingPorts,
        Optional<Integer> gatewayManagementPort,
        List<Integer> extraGatewayManagementPorts) {

    public static final String DEFAULT_SERVICE_JAVA_OPTS =
            "-Xmx256m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto";

    public static final int DEFAULT_RESTART_LIMIT = 5;

    /** Most instances of the gateway or of messaging-service the launcher starts. */
    public static final int MAX_INSTANCES = 9;

    /** Default port of instance k (2, 3, ...) of a service: the first instance's port + 100 * (k - 1). */
    static final int EXTRA_INSTANCE_PORT_STEP = 100;

    public LauncherConfig {
        extraGatewayPorts = List.copyOf(extraGatewayPorts);
        extraMessagingPorts = List.copyOf(extraMessagingPorts);
        extraGatewayManagementPorts = List.copyOf(extraGatewayManagementPorts);
    }

    /** Minimum length of an explicitly given {@code IM_JWT_SECRET} (HS256 needs 256 bits). */
    public static final int MIN_JWT_SECRET_BYTES = 32;

    /**
     * @param env              the environment ({@code System.getenv()} in production)
     * @param launcherLocation the launcher jar (or class directory), used to find the repository root when
     *                         {@code IM_SERVICES_DIR} is not set
     * @throws IllegalArgumentException with a message naming the variable when a value is unusable
     */
    public static LauncherConfig fromEnvironment(Map<String, String> env, Path launcherLocation) {
        Optional<Path> repositoryRoot = launcherLocation == null ? Optional.empty() : findRepositoryRoot(launcherLocation);
        Path servicesDirectory = value(env, "IM_SERVICES_DIR")
                .map(LauncherConfig::absolute)
                .or(() -> repositoryRoot)
                .orElseThrow(() -> new IllegalArgumentException(
                        "cannot find the repository root from " + launcherLocation + "; set IM_SERVICES_DIR"));
        Path dataDirectory = value(env, "IM_DATA_DIR")
                .map(LauncherConfig::absolute)
                .orElseGet(() -> repositoryRoot.orElse(servicesDirectory).resolve(".data"));

        Optional<String> jwtSecret = value(env, "IM_JWT_SECRET");
        jwtSecret.ifPresent(secret -> {
            if (secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < MIN_JWT_SECRET_BYTES) {
                throw new IllegalArgumentException("IM_JWT_SECRET must be at least " + MIN_JWT_SECRET_BYTES
                        + " bytes long (or unset it to use a generated secret)");
            }
        });
        Optional<Path> webRoot = value(env, "IM_WEB_ROOT").map(LauncherConfig::absolute);

        List<String> javaOptions = Arrays.stream(value(env, "IM_SERVICE_JAVA_OPTS").orElse(DEFAULT_SERVICE_JAVA_OPTS)
                        .trim().split("\\s+"))
                .filter(option -> !option.isEmpty())
                .toList();

        int gatewayPort = port(env, "GATEWAY_PORT", 8888);
        int messagingPort = port(env, "MESSAGING_SERVICE_PORT", 8083);
        int gatewayInstances = intBetween(env, "IM_GATEWAY_INSTANCES", 1, 1, MAX_INSTANCES);
        int messagingInstances = intBetween(env, "IM_MESSAGING_INSTANCES", 1, 1, MAX_INSTANCES);
        Optional<Integer> managementPort = value(env, "GATEWAY_MANAGEMENT_PORT").isPresent()
                ? Optional.of(port(env, "GATEWAY_MANAGEMENT_PORT", 0))
                : Optional.empty();
        List<Integer> extraManagementPorts = managementPort
                .map(first -> extraPorts(env, "GATEWAY_EXTRA_MANAGEMENT_PORTS", first, gatewayInstances,
                        "IM_GATEWAY_INSTANCES"))
                .orElse(List.of());

        LauncherConfig config = new LauncherConfig(
                dataDirectory,
                gatewayPort,
                port(env, "USER_SERVICE_PORT", 8081),
                port(env, "GROUP_SERVICE_PORT", 8082),
                messagingPort,
                port(env, "MEDIA_SERVICE_PORT", 8084),
                port(env, "IM_PG_PORT", 54329),
                bool(env, "IM_PG_DURABLE", false),
                positiveInt(env, "KAFKA_PARTITIONS", 8, 256),
                jwtSecret,
                webRoot,
                servicesDirectory,
                javaOptions,
                Duration.ofSeconds(positiveInt(env, "IM_READY_TIMEOUT", 180, 3600)),
                intBetween(env, "IM_RESTART_LIMIT", DEFAULT_RESTART_LIMIT, 0, 1000),
                extraPorts(env, "GATEWAY_EXTRA_PORTS", gatewayPort, gatewayInstances, "IM_GATEWAY_INSTANCES"),
                extraPorts(env, "MESSAGING_SERVICE_EXTRA_PORTS", messagingPort, messagingInstances,
                        "IM_MESSAGING_INSTANCES"),
                managementPort,
                extraManagementPorts);
        config.requireDistinctPorts();
        return config;
    }

    /** {@code IM_GATEWAY_INSTANCES}: how many gateway processes the launcher starts (default 1). */
    public int gatewayInstances() {
        return 1 + extraGatewayPorts.size();
    }

    /** {@code IM_MESSAGING_INSTANCES}: how many messaging-service processes the launcher starts (default 1). */
    public int messagingInstances() {
        return 1 + extraMessagingPorts.size();
    }

    /**
     * Every service process in start order (they start at once; the order only fixes the order of the printed
     * lines): the first instance of each service as before, then the further gateway and messaging-service
     * instances, if any.
     */
    public List<ServiceDefinition> services() {
        List<ServiceDefinition> services = new java.util.ArrayList<>(List.of(
                new ServiceDefinition("gateway-service", "GATEWAY_PORT", gatewayPort, null, null),
                new ServiceDefinition("user-service", "USER_SERVICE_PORT", userServicePort, "im_user", "USER"),
                new ServiceDefinition("group-service", "GROUP_SERVICE_PORT", groupServicePort, "im_group", "GROUP"),
                new ServiceDefinition("messaging-service", "MESSAGING_SERVICE_PORT", messagingServicePort,
                        "im_messaging", "MESSAGING"),
                new ServiceDefinition("media-service", "MEDIA_SERVICE_PORT", mediaServicePort, "im_media", "MEDIA")));
        for (int i = 0; i < extraGatewayPorts.size(); i++) {
            services.add(new ServiceDefinition("gateway-service", "GATEWAY_PORT", extraGatewayPorts.get(i), null,
                    null, i + 2));
        }
        for (int i = 0; i < extraMessagingPorts.size(); i++) {
            services.add(new ServiceDefinition("messaging-service", "MESSAGING_SERVICE_PORT",
                    extraMessagingPorts.get(i), "im_messaging", "MESSAGING", i + 2));
        }
        return List.copyOf(services);
    }

    /** The first instance of every service: the one whose port and URL the other services are given. */
    public List<ServiceDefinition> firstInstances() {
        return services().stream().filter(service -> service.instance() == 1).toList();
    }

    /**
     * The messaging-service instance gateway instance {@code gatewayInstance} sends its HTTP calls to (the
     * {@code /message} and {@code /api/v1} routes, the pending inbox of a new socket, call permissions): gateway k
     * to messaging instance ((k - 1) mod M) + 1, so with as many of each every gateway has its own, and with one
     * messaging instance every gateway uses it.
     */
    public ServiceDefinition messagingInstanceFor(int gatewayInstance) {
        int index = (gatewayInstance - 1) % messagingInstances();
        return services().stream()
                .filter(service -> service.name().equals("messaging-service") && service.instance() == index + 1)
                .findFirst().orElseThrow();
    }

    /** The metrics port of gateway instance {@code gatewayInstance}, empty without {@code GATEWAY_MANAGEMENT_PORT}. */
    public Optional<Integer> gatewayManagementPortOf(int gatewayInstance) {
        if (gatewayManagementPort.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(gatewayInstance == 1 ? gatewayManagementPort.get()
                : extraGatewayManagementPorts.get(gatewayInstance - 2));
    }

    public Path jarOf(ServiceDefinition service) {
        return servicesDirectory.resolve(service.name()).resolve("target").resolve(service.name() + ".jar");
    }

    /** The services whose jar is not there, so the launcher can say what to build before starting anything. */
    public List<ServiceDefinition> servicesWithoutJar() {
        return firstInstances().stream().filter(service -> !Files.isRegularFile(jarOf(service))).toList();
    }

    public Path logDirectory() {
        return dataDirectory.resolve("logs");
    }

    public Path logFileOf(ServiceDefinition service) {
        return logDirectory().resolve(service.displayName() + ".log");
    }

    public Path postgresDirectory() {
        return dataDirectory.resolve("postgres");
    }

    public Path mediaDirectory() {
        return dataDirectory.resolve("media");
    }

    public Path jwtSecretFile() {
        return dataDirectory.resolve("jwt-secret");
    }

    /**
     * Walks up from the launcher's location to the first directory that looks like this repository's root: it has a
     * {@code pom.xml} and a {@code deploy} module. Works for {@code deploy/target/im-launcher.jar} and for
     * {@code deploy/target/classes}.
     */
    static Optional<Path> findRepositoryRoot(Path launcherLocation) {
        for (Path dir = absolute(launcherLocation.toString()); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("deploy"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /**
     * Where this launcher runs from. {@code java -jar x.jar} puts exactly the jar on {@code java.class.path}; inside
     * an IDE or a test it is the class directory.
     */
    static Path launcherLocation() {
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.isEmpty() && !classPath.contains(java.io.File.pathSeparator)) {
            return absolute(classPath);
        }
        try {
            return Path.of(LauncherConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return absolute(".");
        }
    }

    /**
     * Every port the launcher needs free, by the variable that sets it ({@code GATEWAY_EXTRA_PORTS[1]} is the
     * second gateway instance's), in start order.
     */
    public Map<String, Integer> ports() {
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        ports.put("IM_PG_PORT", postgresPort);
        ports.put("GATEWAY_PORT", gatewayPort);
        ports.put("USER_SERVICE_PORT", userServicePort);
        ports.put("GROUP_SERVICE_PORT", groupServicePort);
        ports.put("MESSAGING_SERVICE_PORT", messagingServicePort);
        ports.put("MEDIA_SERVICE_PORT", mediaServicePort);
        gatewayManagementPort.ifPresent(port -> ports.put("GATEWAY_MANAGEMENT_PORT", port));
        for (int i = 0; i < extraGatewayPorts.size(); i++) {
            ports.put("GATEWAY_EXTRA_PORTS[" + i + "]", extraGatewayPorts.get(i));
        }
        for (int i = 0; i < extraGatewayManagementPorts.size(); i++) {
            ports.put("GATEWAY_EXTRA_MANAGEMENT_PORTS[" + i + "]", extraGatewayManagementPorts.get(i));
        }
        for (int i = 0; i < extraMessagingPorts.size(); i++) {
            ports.put("MESSAGING_SERVICE_EXTRA_PORTS[" + i + "]", extraMessagingPorts.get(i));
        }
        return ports;
    }

    private void requireDistinctPorts() {
        Map<String, Integer> ports = ports();
        if (ports.values().stream().distinct().count() != ports.size()) {
            throw new IllegalArgumentException("the ports must all differ: " + ports);
        }
    }

    /**
     * The ports of instances 2..{@code instances} of a service: the comma-separated list in {@code variable}
     * (exactly {@code instances - 1} of them), else {@code firstPort} + 100, + 200, ...
     */
    private static List<Integer> extraPorts(Map<String, String> env, String variable, int firstPort, int instances,
                                            String instancesVariable) {
        Optional<String> raw = value(env, variable);
        if (raw.isEmpty()) {
            List<Integer> ports = new java.util.ArrayList<>();
            for (int k = 2; k <= instances; k++) {
                int port = firstPort + EXTRA_INSTANCE_PORT_STEP * (k - 1);
                if (port > 65535) {
                    throw new IllegalArgumentException(variable + " is needed: the default port of instance " + k
                            + " (" + port + ") is above 65535");
                }
                ports.add(port);
            }
            return ports;
        }
        List<String> items = Arrays.stream(raw.get().split(",")).map(String::trim).toList();
        if (items.size() != instances - 1) {
            throw new IllegalArgumentException(variable + " must list " + (instances - 1) + " port(s), one for each "
                    + "instance after the first (" + instancesVariable + "=" + instances + "), was '" + raw.get() + "'");
        }
        List<Integer> ports = new java.util.ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ports.add(port(Map.of(variable + "[" + i + "]", items.get(i)), variable + "[" + i + "]", 0));
        }
        return ports;
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static boolean bool(Map<String, String> env, String name, boolean defaultValue) {
        Optional<String> raw = value(env, name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, was '" + raw.get() + "'");
        };
    }

    private static int port(Map<String, String> env, String name, int defaultPort) {
        int port = integer(env, name, defaultPort);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " must be a port number between 1 and 65535, was " + port);
        }
        return port;
    }

    private static int positiveInt(Map<String, String> env, String name, int defaultValue, int max) {
        return intBetween(env, name, defaultValue, 1, max);
    }

    private static int intBetween(Map<String, String> env, String name, int defaultValue, int min, int max) {
        int number = integer(env, name, defaultValue);
        if (number < min || number > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + number);
        }
        return number;
    }

    private static int integer(Map<String, String> env, String name, int defaultValue) {
        Optional<String> raw = value(env, name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(raw.get());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + raw.get() + "'");
        }
    }

    private static Path absolute(String path) {
        return Path.of(path).toAbsolutePath().normalize();
    }
}

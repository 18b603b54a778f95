package im.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration parsing, repository discovery, jar discovery and the generated JWT secret: no process started. */
class LauncherConfigTest {

    @TempDir
    Path repo;

    private Path launcherJar() throws Exception {
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        Path target = Files.createDirectories(repo.resolve("deploy/target"));
        return Files.writeString(target.resolve("im-launcher.jar"), "jar");
    }

    @Test
    void defaultsFollowTheDocumentedValuesAndFindTheRepositoryFromTheLauncherJar() throws Exception {
        LauncherConfig config = LauncherConfig.fromEnvironment(Map.of(), launcherJar());

        assertThat(config.servicesDirectory()).isEqualTo(repo.toAbsolutePath().normalize());
        assertThat(config.dataDirectory()).isEqualTo(repo.toAbsolutePath().normalize().resolve(".data"));
        assertThat(config.gatewayPort()).isEqualTo(8888);
        assertThat(config.userServicePort()).isEqualTo(8081);
        assertThat(config.groupServicePort()).isEqualTo(8082);
        assertThat(config.messagingServicePort()).isEqualTo(8083);
        assertThat(config.mediaServicePort()).isEqualTo(8084);
        assertThat(config.postgresPort()).isEqualTo(54329);
        assertThat(config.durablePostgres()).as("fsync off unless asked").isFalse();
        assertThat(config.jwtSecret()).isEmpty();
        assertThat(config.webRoot()).isEmpty();
        assertThat(config.readyTimeout()).isEqualTo(Duration.ofSeconds(180));
        assertThat(config.restartLimit()).isEqualTo(5);
        assertThat(config.serviceJavaOptions())
                .containsExactly("-Xmx256m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");
    }

    @Test
    void everyVariableOverridesItsDefault() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("IM_DATA_DIR", repo.resolve("elsewhere").toString());
        env.put("GATEWAY_PORT", "9888");
        env.put("USER_SERVICE_PORT", "9081");
        env.put("GROUP_SERVICE_PORT", "9082");
        env.put("MESSAGING_SERVICE_PORT", "9083");
        env.put("MEDIA_SERVICE_PORT", "9084");
        env.put("IM_PG_PORT", "9432");
        env.put("IM_PG_DURABLE", "TRUE");
        env.put("IM_JWT_SECRET", "x".repeat(32));
        env.put("IM_WEB_ROOT", repo.resolve("web").toString());
        env.put("IM_SERVICES_DIR", repo.resolve("dist").toString());
        env.put("IM_SERVICE_JAVA_OPTS", "  -Xmx512m   -Dfoo=bar ");
        env.put("IM_READY_TIMEOUT", "30");
        env.put("IM_RESTART_LIMIT", "0");

        LauncherConfig config = LauncherConfig.fromEnvironment(env, null);

        assertThat(config.dataDirectory()).isEqualTo(repo.resolve("elsewhere"));
        assertThat(config.services()).extracting(ServiceDefinition::port)
                .containsExactly(9888, 9081, 9082, 9083, 9084);
        assertThat(config.postgresPort()).isEqualTo(9432);
        assertThat(config.durablePostgres()).isTrue();
        assertThat(config.jwtSecret()).contains("x".repeat(32));
        assertThat(config.webRoot()).contains(repo.resolve("web"));
        assertThat(config.jarOf(config.services().get(0)))
                .isEqualTo(repo.resolve("dist/gateway-service/target/gateway-service.jar"));
        assertThat(config.serviceJavaOptions()).containsExactly("-Xmx512m", "-Dfoo=bar");
        assertThat(config.readyTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.restartLimit()).as("0: never restart").isZero();
    }

    @Test
    void badValuesAreRefusedNamingTheVariable() {
        Map<String, String> base = Map.of("IM_SERVICES_DIR", repo.toString());
        assertThatThrownBy(() -> LauncherConfig.fromEnvironment(with(base, "GATEWAY_PORT", "http"), null))
                .hasMessageContaining("GATEWAY_PORT").hasMessageContaining("whole number");
        assertThatThrownBy(() -> LauncherConfig.fromEnvironment(with(base, "IM_PG_PORT", "70000"), null))
                .hasMessageContaining("IM_PG_PORT");
        assertThatThrownBy(() -> LauncherConfig.fromEnvironment(with(base, "IM_PG_DURABLE", "yes"), null))
                .hasMessageContaining("IM_PG_DURABLE").hasMessageContaining("true or false");
        assertThatThrownBy(() -> LauncherConfig.fromEnvironment(with(base, "IM_READY_TIMEOUT", "0"), null))
                .hasMessageContaining("IM_READY_TIMEOUT");
        assertThatThrownBy(() -> LauncherConfig.fromEnvironment(with(base, "IM_RESTART_LIMIT", "-1"), null))
                .hasMessageContaining("IM_RESTART_LIMIT").hasMessageContaining("between 0 and");
        assertThatThrownBy(() -> LauncherConfig.fromEnvironment(with(base, "IM_RESTART_LIMIT", "five"), null))
                .hasMessageContaining("IM_RESTART_LIMIT");
        assertThatThrownBy(() -> LauncherConfig.fromEnvironment(with(base, "IM_JWT_SECRET", "short"), null))
                .hasMessageContaining("IM_JWT_SECRET").hasMessageContaining("32");
        assertThatThrownBy(() -> LauncherConfig.fromEnvironment(with(base, "USER_SERVICE_PORT", "8888"), null))
                .hasMessageContaining("must all differ");
    }

    @Test
    void oneInstanceOfEachServiceByDefault() throws Exception {
        LauncherConfig config = LauncherConfig.fromEnvironment(Map.of(), launcherJar());

        assertThat(config.gatewayInstances()).isEqualTo(1);
        assertThat(config.messagingInstances()).isEqualTo(1);
        assertThat(config.services()).extracting(ServiceDefinition::displayName).containsExactly(
                "gateway-service", "user-service", "group-service", "messaging-service", "media-service");
        assertThat(config.messagingInstanceFor(1).port()).isEqualTo(8083);
        assertThat(config.gatewayManagementPortOf(1)).isEmpty();
    }

    @Test
    void furtherGatewayAndMessagingInstancesGetTheirOwnPortsByDefaultOneHundredApart() throws Exception {
        LauncherConfig config = LauncherConfig.fromEnvironment(Map.of("IM_GATEWAY_INSTANCES", "3",
                "IM_MESSAGING_INSTANCES", "2", "GATEWAY_MANAGEMENT_PORT", "9090"), launcherJar());

        assertThat(config.gatewayInstances()).isEqualTo(3);
        assertThat(config.messagingInstances()).isEqualTo(2);
        assertThat(config.services()).extracting(ServiceDefinition::displayName, ServiceDefinition::port)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("gateway-service", 8888),
                        org.assertj.core.groups.Tuple.tuple("user-service", 8081),
                        org.assertj.core.groups.Tuple.tuple("group-service", 8082),
                        org.assertj.core.groups.Tuple.tuple("messaging-service", 8083),
                        org.assertj.core.groups.Tuple.tuple("media-service", 8084),
                        org.assertj.core.groups.Tuple.tuple("gateway-service-2", 8988),
                        org.assertj.core.groups.Tuple.tuple("gateway-service-3", 9088),
                        org.assertj.core.groups.Tuple.tuple("messaging-service-2", 8183));
        ServiceDefinition secondMessaging = config.services().get(7);
        assertThat(secondMessaging.database()).as("instances share the database").isEqualTo("im_messaging");
        assertThat(config.jarOf(secondMessaging)).isEqualTo(config.jarOf(config.services().get(3)));
        assertThat(config.logFileOf(secondMessaging)).hasFileName("messaging-service-2.log");
        assertThat(config.firstInstances()).hasSize(5);
        assertThat(config.servicesWithoutJar()).as("each jar once").hasSize(5);
        // gateway k sends its HTTP calls to messaging instance ((k - 1) mod M) + 1
        assertThat(config.messagingInstanceFor(1).port()).isEqualTo(8083);
        assertThat(config.messagingInstanceFor(2).port()).isEqualTo(8183);
        assertThat(config.messagingInstanceFor(3).port()).isEqualTo(8083);
        assertThat(config.gatewayManagementPortOf(1)).contains(9090);
        assertThat(config.gatewayManagementPortOf(2)).contains(9190);
        assertThat(config.gatewayManagementPortOf(3)).contains(9290);
    }

    @Test
    void theExtraInstancesPortsCanBeListed() throws Exception {
        LauncherConfig config = LauncherConfig.fromEnvironment(Map.of("IM_GATEWAY_INSTANCES", "2",
                "IM_MESSAGING_INSTANCES", "3", "GATEWAY_EXTRA_PORTS", "7001", "MESSAGING_SERVICE_EXTRA_PORTS",
                " 7002 , 7003", "GATEWAY_MANAGEMENT_PORT", "7100", "GATEWAY_EXTRA_MANAGEMENT_PORTS", "7101"),
                launcherJar());

        assertThat(config.extraGatewayPorts()).containsExactly(7001);
        assertThat(config.extraMessagingPorts()).containsExactly(7002, 7003);
        assertThat(config.gatewayManagementPortOf(2)).contains(7101);
        assertThat(config.ports()).containsEntry("MESSAGING_SERVICE_EXTRA_PORTS[1]", 7003);
    }

    @Test
    void badInstanceSettingsAreRefusedNamingTheVariable() {
        Map<String, String> base = Map.of("IM_SERVICES_DIR", repo.toString());
        assertThatThrownBy(() -> LauncherConfig.fromEnvironment(with(base, "IM_GATEWAY_INSTANCES", "0"), null))
                .hasMessageContaining("IM_GATEWAY_INSTANCES").hasMessageContaining("between 1 and 9");
        assertThatThrownBy(() -> LauncherConfig.fromEnvironment(with(base, "IM_MESSAGING_INSTANCES", "10"), null))
                .hasMessageContaining("IM_MESSAGING_INSTANCES");
        Map<String, String> two = with(base, "IM_MESSAGING_INSTANCES", "2");
        assertThatThrownBy(() -> LauncherConfig.fromEnvironment(
                with(two, "MESSAGING_SERVICE_EXTRA_PORTS", "7002,7003"), null))
                .hasMessageContaining("MESSAGING_SERVICE_EXTRA_PORTS").hasMessageContaining("must list 1 port");
        assertThatThrownBy(() -> LauncherConfig.fromEnvironment(
                with(two, "MESSAGING_SERVICE_EXTRA_PORTS", "x"), null))
                .hasMessageContaining("MESSAGING_SERVICE_EXTRA_PORTS[0]");
        assertThatThrownBy(() -> LauncherConfig.fromEnvironment(
                with(two, "MESSAGING_SERVICE_EXTRA_PORTS", "8084"), null))
                .hasMessageContaining("must all differ");
        assertThatThrownBy(() -> LauncherConfig.fromEnvironment(
                with(with(base, "IM_GATEWAY_INSTANCES", "2"), "GATEWAY_PORT", "65500"), null))
                .hasMessageContaining("GATEWAY_EXTRA_PORTS is needed");
    }

    @Test
    void eachInstanceGetsItsOwnPortItsMessagingInstanceAndADistinctGatewayId() throws Exception {
        LauncherConfig config = LauncherConfig.fromEnvironment(Map.of("IM_GATEWAY_INSTANCES", "2",
                "IM_MESSAGING_INSTANCES", "2", "GATEWAY_MANAGEMENT_PORT", "9090"), launcherJar());
        LocalStackLauncher launcher = new LocalStackLauncher(config);
        List<ServiceDefinition> services = config.services();
        Map<String, String> launcherEnv = Map.of("GATEWAY_INSTANCE_ID", "edge");

        Map<String, String> gateway1 = launcher.environmentOf(services.get(0), "s", launcherEnv, "pg", "kafka:1");
        Map<String, String> gateway2 = launcher.environmentOf(services.get(5), "s", launcherEnv, "pg", "kafka:1");
        Map<String, String> messaging2 = launcher.environmentOf(services.get(6), "s", launcherEnv, "pg", "kafka:1");
        Map<String, String> user = launcher.environmentOf(services.get(1), "s", launcherEnv, "pg", "kafka:1");

        assertThat(gateway1).containsEntry("GATEWAY_PORT", "8888")
                .containsEntry("MESSAGING_SERVICE_URL", "http://127.0.0.1:8083")
                .containsEntry("GATEWAY_MANAGEMENT_PORT", "9090")
                .doesNotContainKey("GATEWAY_INSTANCE_ID"); // passed through unchanged
        assertThat(gateway2).containsEntry("GATEWAY_PORT", "8988")
                .containsEntry("MESSAGING_SERVICE_URL", "http://127.0.0.1:8183")
                .containsEntry("GATEWAY_MANAGEMENT_PORT", "9190")
                .containsEntry("GATEWAY_INSTANCE_ID", "edge-2");
        assertThat(messaging2).containsEntry("MESSAGING_SERVICE_PORT", "8183")
                .containsEntry("MESSAGING_LISTENER_CONCURRENCY", "4") // 8 partitions, 2 instances
                .containsEntry("MESSAGING_DB_URL", "pg/im_messaging")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:1");
        assertThat(user).containsEntry("MESSAGING_SERVICE_URL", "http://127.0.0.1:8083")
                .containsEntry("GATEWAY_PORT", "8888");
    }

    @Test
    void withoutARepositoryAroundTheLauncherItAsksForTheServicesDirectory() throws Exception {
        Path lonelyJar = Files.writeString(repo.resolve("im-launcher.jar"), "jar");

        assertThatThrownBy(() -> LauncherConfig.fromEnvironment(Map.of(), lonelyJar))
                .hasMessageContaining("IM_SERVICES_DIR");
    }

    @Test
    void theRepositoryIsAlsoFoundFromTheClassDirectory() throws Exception {
        launcherJar();
        Path classes = Files.createDirectories(repo.resolve("deploy/target/classes"));

        assertThat(LauncherConfig.findRepositoryRoot(classes)).contains(repo.toAbsolutePath().normalize());
    }

    @Test
    void missingServiceJarsAreListedSoTheLauncherCanSayWhatToBuild() throws Exception {
        LauncherConfig config = LauncherConfig.fromEnvironment(Map.of(), launcherJar());
        for (String built : List.of("gateway-service", "group-service", "media-service")) {
            Path target = Files.createDirectories(repo.resolve(built).resolve("target"));
            Files.writeString(target.resolve(built + ".jar"), "jar");
        }

        assertThat(config.servicesWithoutJar()).extracting(ServiceDefinition::name)
                .containsExactly("user-service", "messaging-service");
    }

    @Test
    void theGeneratedJwtSecretIsOwnerOnlyAndSurvivesARestart() throws Exception {
        Path file = repo.resolve("data/jwt-secret");

        String first = JwtSecretFile.loadOrCreate(file);
        String second = JwtSecretFile.loadOrCreate(file);

        assertThat(first).isEqualTo(second);
        assertThat(java.util.Base64.getDecoder().decode(first)).hasSize(48);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aSecretFileWithoutAUsableSecretIsRefusedNotUsed() throws Exception {
        Path file = Files.writeString(repo.resolve("jwt-secret"), "tiny\n");

        assertThatThrownBy(() -> JwtSecretFile.loadOrCreate(file)).hasMessageContaining("no usable secret");
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> env = new HashMap<>(base);
        env.put(key, value);
        return env;
    }
}

package im.deploy;

import static im.deploy.DeployFiles.SERVICES;
import static im.deploy.DeployFiles.at;
import static im.deploy.DeployFiles.deploy;
import static im.deploy.DeployFiles.list;
import static im.deploy.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What an operator would check before deploying: compose.yaml, prometheus.yml, the Grafana provisioning and
 * dashboards, and the Kubernetes manifests are parsed and checked against each other and against the variables the
 * services' application.yml files actually read. (Running them needs Docker / a cluster, which this machine has not:
 * deploy/README.md says what is and is not tested.)
 */
class DeploymentArtifactsTest {

    private static final Set<String> BACK_ENDS = Set.of("user-service", "group-service", "messaging-service",
            "media-service");
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{[A-Z][A-Z0-9_]*(:?[-?][^}]*)?}");

    // ------------------------------------------------------------------------------------------------ compose

    @Nested
    class Compose {

        private final Map<String, Object> compose = map(DeployFiles.yaml(deploy("compose/compose.yaml")));
        private final Map<String, Object> services = map(compose.get("services"));

        Compose() throws IOException {
        }

        @Test
        void everyServiceRunsFromItsImageWithAReadinessHealthcheckOnItsPort() {
            for (String service : SERVICES.keySet()) {
                Map<String, Object> definition = map(services.get(service));
                assertThat(definition.get("image")).as(service).isEqualTo("im/" + service + ":${IM_VERSION:-latest}");
                Map<String, Object> env = environment(service);
                String port = String.valueOf(env.get(SERVICES.get(service)));
                assertThat(port).as(service + " sets " + SERVICES.get(service)).matches("\\d+");
                String check = String.join(" ", list(at(definition, "healthcheck", "test")).stream()
                        .map(String::valueOf).toList());
                assertThat(check).as(service + " healthcheck")
                        .contains("http://localhost:" + port + "/actuator/health/readiness");
            }
        }

        @Test
        void servicesAreConfiguredOnlyThroughVariablesTheirApplicationYmlReads() throws IOException {
            for (String service : SERVICES.keySet()) {
                Set<String> read = new HashSet<>(DeployFiles.variablesReadBy(service));
                read.addAll(DeployFiles.READ_OUTSIDE_APPLICATION_YML);
                assertThat(environment(service).keySet()).as(service + ": variables no application.yml of it reads")
                        .isSubsetOf(read);
            }
        }

        @Test
        void backEndsListOnAllInterfacesAndReachKafkaAndTheirOwnDatabase() throws IOException {
            String init = Files.readString(deploy("compose/postgres/init-databases.sh"));
            for (String service : BACK_ENDS) {
                Map<String, Object> env = environment(service);
                assertThat(env.get("IM_BIND_ADDRESS")).as(service).isEqualTo("0.0.0.0");
                assertThat(env.get("KAFKA_BOOTSTRAP_SERVERS")).as(service).isEqualTo("kafka:9092");
                String prefix = service.substring(0, service.indexOf('-')).toUpperCase();
                String url = String.valueOf(env.get(prefix + "_DB_URL"));
                Matcher jdbc = Pattern.compile("jdbc:postgresql://postgres:5432/(\\w+)").matcher(url);
                assertThat(jdbc.matches()).as(service + " " + url).isTrue();
                String database = jdbc.group(1);
                String role = String.valueOf(env.get(prefix + "_DB_USER"));
                assertThat(init).as("the init script creates " + database + " owned by " + role)
                        .containsPattern("create\\s+" + database + "\\s+" + role + "\\s+\"\\$" + prefix
                                + "_DB_PASSWORD\"");
                assertThat(String.valueOf(env.get(prefix + "_DB_PASSWORD"))).as(service + " password")
                        .matches(INTERPOLATION);
            }
            assertThat(environment("gateway-service").get("KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9092");
        }

        @Test
        void kafkaRunsInKraftModeAndPostgresRunsTheInitScript() {
            Map<String, Object> kafka = map(services.get("kafka"));
            assertThat(String.valueOf(kafka.get("image"))).startsWith("apache/kafka:");
            Map<String, Object> env = map(kafka.get("environment"));
            assertThat(String.valueOf(env.get("KAFKA_PROCESS_ROLES"))).contains("broker").contains("controller");
            assertThat(String.valueOf(env.get("KAFKA_ADVERTISED_LISTENERS"))).contains("kafka:9092");
            assertThat(map(services.get("postgres")).get("volumes").toString())
                    .contains("./postgres/init-databases.sh:/docker-entrypoint-initdb.d/");
            assertThat(deploy("compose/postgres/init-databases.sh")).isExecutable();
        }

        @Test
        void secretsComeFromTheEnvironmentNeverFromTheFile() {
            for (String service : SERVICES.keySet()) {
                environment(service).forEach((name, value) -> {
                    if (name.contains("SECRET") || name.contains("PASSWORD")) {
                        assertThat(String.valueOf(value)).as(service + " " + name).matches(INTERPOLATION);
                    }
                });
            }
            for (String service : List.of("gateway-service", "user-service")) {
                assertThat(String.valueOf(environment(service).get("IM_JWT_SECRET"))).as(service)
                        .startsWith("${IM_JWT_SECRET:?");
            }
        }

        @Test
        void serviceUrlsPointAtTheServicesAndTheirPorts() {
            Pattern urlVariable = Pattern.compile("(USER|GROUP|MESSAGING|MEDIA)_SERVICE_URL");
            for (String service : SERVICES.keySet()) {
                environment(service).forEach((name, value) -> {
                    Matcher matcher = urlVariable.matcher(name);
                    if (matcher.matches()) {
                        String target = matcher.group(1).toLowerCase() + "-service";
                        URI uri = URI.create(String.valueOf(value));
                        assertThat(uri.getHost()).as(service + " " + name).isEqualTo(target);
                        assertThat(String.valueOf(uri.getPort()))
                                .isEqualTo(String.valueOf(environment(target).get(SERVICES.get(target))));
                    }
                });
            }
        }

        @Test
        void theGatewayServesItsMetricsOnTheManagementPortOfTheComposeNetwork() {
            Map<String, Object> env = environment("gateway-service");
            assertThat(env.get("GATEWAY_MANAGEMENT_ADDRESS")).isEqualTo("0.0.0.0");
            assertThat(String.valueOf(env.get("GATEWAY_MANAGEMENT_PORT"))).matches("\\d+");
            assertThat(env.get("GATEWAY_BIND_ADDRESS")).isEqualTo("0.0.0.0");
        }

        @Test
        void prometheusAndGrafanaMountTheShippedConfiguration() throws IOException {
            Path composeDir = deploy("compose");
            Map<String, String> mounts = new HashMap<>();
            for (String tool : List.of("prometheus", "grafana")) {
                for (Object volume : list(map(services.get(tool)).get("volumes"))) {
                    String[] parts = String.valueOf(volume).split(":");
                    if (parts[0].startsWith(".")) {
                        assertThat(composeDir.resolve(parts[0]).normalize()).as(volume.toString()).exists();
                        mounts.put(composeDir.resolve(parts[0]).normalize().toString(), parts[1]);
                    }
                }
            }
            assertThat(mounts.get(deploy("prometheus/prometheus.yml").toString()))
                    .isEqualTo("/etc/prometheus/prometheus.yml");
            assertThat(mounts.get(deploy("grafana/provisioning").toString())).isEqualTo("/etc/grafana/provisioning");
            String dashboardsMount = mounts.get(deploy("grafana/dashboards").toString());
            Map<String, Object> provider = map(list(map(DeployFiles.yaml(
                    deploy("grafana/provisioning/dashboards/im.yaml"))).get("providers")).get(0));
            assertThat(at(provider, "options", "path")).as("the provider reads the mounted dashboards")
                    .isEqualTo(dashboardsMount);
        }

        private Map<String, Object> environment(String service) {
            Object env = map(services.get(service)).get("environment");
            assertThat(env).as(service + " environment (a mapping)").isInstanceOf(Map.class);
            return map(env);
        }
    }

    // ------------------------------------------------------------------------------------------------ prometheus

    @Test
    void prometheusScrapesEveryServiceWhereItServesItsMetrics() throws IOException {
        Map<String, Object> compose = map(DeployFiles.yaml(deploy("compose/compose.yaml")));
        Map<String, Object> config = map(DeployFiles.yaml(deploy("prometheus/prometheus.yml")));
        Map<String, String> targets = new HashMap<>();
        for (Object job : list(config.get("scrape_configs"))) {
            Map<String, Object> scrape = map(job);
            String name = String.valueOf(scrape.get("job_name"));
            if (SERVICES.containsKey(name)) {
                assertThat(scrape.get("metrics_path")).as(name).isEqualTo("/actuator/prometheus");
                List<Object> staticConfigs = list(scrape.get("static_configs"));
                targets.put(name, String.valueOf(list(map(staticConfigs.get(0)).get("targets")).get(0)));
            }
        }
        assertThat(targets.keySet()).containsExactlyInAnyOrderElementsOf(SERVICES.keySet());
        for (String service : SERVICES.keySet()) {
            Map<String, Object> env = map(at(compose, "services", service, "environment"));
            String portVariable = service.equals("gateway-service") ? "GATEWAY_MANAGEMENT_PORT" : SERVICES.get(service);
            assertThat(targets.get(service)).as(service).isEqualTo(service + ":" + env.get(portVariable));
        }
    }

    // ------------------------------------------------------------------------------------------------ grafana

    @Test
    void grafanaProvisionsThePrometheusDatasourceTheDashboardsUse() throws IOException {
        Map<String, Object> datasource = map(list(map(DeployFiles.yaml(
                deploy("grafana/provisioning/datasources/prometheus.yaml"))).get("datasources")).get(0));
        assertThat(datasource.get("type")).isEqualTo("prometheus");
        assertThat(String.valueOf(datasource.get("url"))).isEqualTo("http://prometheus:9090");
        String uid = String.valueOf(datasource.get("uid"));
        for (Map.Entry<String, JsonNode> dashboard : DeployFiles.dashboards().entrySet()) {
            for (JsonNode panel : DeployFiles.panels(dashboard.getValue())) {
                assertThat(panel.at("/datasource/uid").asText()).as(dashboard.getKey() + " " + panel.path("title"))
                        .isEqualTo(uid);
            }
        }
    }

    @Test
    void thereIsOneDashboardPerServiceWithQueriesOnItsOwnMetrics() throws IOException {
        Map<String, JsonNode> dashboards = DeployFiles.dashboards();
        assertThat(dashboards.keySet()).containsExactlyInAnyOrderElementsOf(SERVICES.keySet());
        Set<String> uids = new HashSet<>();
        Pattern application = Pattern.compile("application=\"([^\"]*)\"");
        for (Map.Entry<String, JsonNode> entry : dashboards.entrySet()) {
            String service = entry.getKey();
            JsonNode dashboard = entry.getValue();
            assertThat(uids.add(dashboard.path("uid").asText())).as(service + " uid unique").isTrue();
            assertThat(dashboard.path("title").asText()).contains(service);
            List<JsonNode> panels = DeployFiles.panels(dashboard);
            assertThat(panels).as(service + " panels").hasSizeGreaterThan(10);
            for (JsonNode panel : panels) {
                String what = service + " panel '" + panel.path("title").asText() + "'";
                assertThat(panel.path("targets").size()).as(what + " targets").isPositive();
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asText("");
                    assertThat(expr).as(what + " expr").isNotBlank();
                    assertThat(PromQl.parenthesesBalance(expr)).as(what + ": " + expr).isTrue();
                    assertThat(PromQl.metricNames(expr)).as(what + " selects a metric: " + expr).isNotEmpty();
                    Matcher matcher = application.matcher(expr);
                    while (matcher.find()) {
                        assertThat(matcher.group(1)).as(what + ": " + expr).isEqualTo(service);
                    }
                }
            }
            assertThat(DeployFiles.metricNames(dashboard)).as(service).isNotEmpty();
        }
    }

    @Test
    void theDashboardsSelectTheMetricsTheServicesAreDocumentedToExport() throws IOException {
        Map<String, JsonNode> dashboards = DeployFiles.dashboards();
        assertThat(DeployFiles.metricNames(dashboards.get("gateway-service"))).contains("im_gateway_sockets_open",
                "im_gateway_frames_in_total", "im_gateway_frames_out_total", "im_gateway_frames_refused_total",
                "im_delivery_latency_seconds_bucket", "kafka_consumer_fetch_manager_records_lag_max")
                .doesNotContain("hikaricp_connections_active", "im_axon_processor_lag");
        for (String service : BACK_ENDS) {
            assertThat(DeployFiles.metricNames(dashboards.get(service))).as(service).contains("im_axon_processor_lag",
                    "im_eventstore_appended_events_total", "hikaricp_connections_active",
                    "http_server_requests_seconds_count", "jvm_memory_used_bytes", "process_cpu_usage");
        }
        assertThat(DeployFiles.metricNames(dashboards.get("media-service"))).contains("im_media_stored_bytes_total",
                "im_media_uploads_refused_total");
    }

    @Test
    void promQlMetricNamesAreParsedNotGuessed() {
        assertThat(PromQl.metricNames("histogram_quantile(0.95, sum by (le, uri) (rate("
                + "im_delivery_latency_seconds_bucket{application=\"gateway-service\", instance=~\"$instance\"}"
                + "[$__rate_interval])))")).containsExactly("im_delivery_latency_seconds_bucket");
        assertThat(PromQl.metricNames("sum without (instance) (rate(a_total{x=\"by (y)\"}[5m] offset 1h)) "
                + "/ on (job) group_left (le) b_sum > bool 0.5 and c unless d{e=~'f|g'}"))
                .containsExactly("a_total", "b_sum", "c", "d");
        assertThat(PromQl.metricNames("max(rate(x[1h30m:1m])) * -1e3 + count(up == 1)"))
                .containsExactly("x", "up");
        assertThat(PromQl.templateMetricNames("label_values(process_uptime_seconds{application=\"a\"}, instance)"))
                .containsExactly("process_uptime_seconds");
        assertThat(PromQl.parenthesesBalance("sum(rate(x[5m])")).isFalse();
    }

    // ------------------------------------------------------------------------------------------------ kubernetes

    @Nested
    class Kubernetes {

        private final Map<String, List<Map<String, Object>>> byKind = new HashMap<>();
        private final Map<String, Map<String, Object>> byKindAndName = new HashMap<>();

        Kubernetes() throws IOException {
            try (Stream<Path> files = Files.list(deploy("k8s"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                    if (file.getFileName().toString().equals("kustomization.yaml")) {
                        continue;
                    }
                    for (Map<String, Object> document : DeployFiles.yamlDocuments(file)) {
                        String kind = String.valueOf(document.get("kind"));
                        assertThat(document.get("apiVersion")).as(file + " " + kind).isNotNull();
                        byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(document);
                        byKindAndName.put(kind + "/" + at(document, "metadata", "name"), document);
                    }
                }
            }
        }

        @Test
        void kustomizationListsEveryManifestAndTheImagesOfEveryService() throws IOException {
            Map<String, Object> kustomization = map(DeployFiles.yaml(deploy("k8s/kustomization.yaml")));
            Set<String> files = new TreeSet<>();
            try (Stream<Path> list = Files.list(deploy("k8s"))) {
                list.map(f -> f.getFileName().toString())
                        .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml"))
                        .forEach(files::add);
            }
            assertThat(list(kustomization.get("resources")).stream().map(String::valueOf))
                    .containsExactlyInAnyOrderElementsOf(files);
            assertThat(list(kustomization.get("images")).stream().map(image -> String.valueOf(map(image).get("name"))))
                    .containsExactlyInAnyOrderElementsOf(SERVICES.keySet().stream().map(s -> "im/" + s).toList());
            Object generated = list(map(list(kustomization.get("configMapGenerator")).get(0)).get("files")).get(0);
            assertThat(Files.readString(deploy("k8s/" + generated))).as("one init script for compose and k8s")
                    .isEqualTo(Files.readString(deploy("compose/postgres/init-databases.sh")));
        }

        @Test
        void everyServiceHasTwoReplicasProbesOnAnExposedPortAndResourceLimits() {
            for (String service : SERVICES.keySet()) {
                Map<String, Object> deployment = byKindAndName.get("Deployment/" + service);
                assertThat(deployment).as("Deployment " + service).isNotNull();
                assertThat(at(deployment, "spec", "replicas")).as(service).isEqualTo(2);
                Map<String, Object> container = container(deployment);
                Map<String, Integer> ports = containerPorts(container);
                assertThat(String.valueOf(container.get("image"))).isEqualTo("im/" + service + ":latest");

                assertThat(at(container, "readinessProbe", "httpGet", "path")).as(service)
                        .isEqualTo("/actuator/health/readiness");
                assertThat(at(container, "livenessProbe", "httpGet", "path")).as(service)
                        .isEqualTo("/actuator/health/liveness");
                for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                    Object port = at(container, probe, "httpGet", "port");
                    if (port != null) {
                        assertThat(resolvePort(ports, port)).as(service + " " + probe + " port " + port)
                                .isEqualTo(Integer.valueOf(portValue(service, container)));
                    }
                }
                for (String kind : List.of("requests", "limits")) {
                    assertThat(map(at(container, "resources", kind)).keySet()).as(service + " " + kind)
                            .contains("cpu", "memory");
                }
                Map<String, Object> service1 = byKindAndName.get("Service/" + service);
                assertThat(service1).as("Service " + service).isNotNull();
                for (Object port : list(at(service1, "spec", "ports"))) {
                    assertThat(resolvePort(ports, map(port).get("targetPort"))).as(service + " Service port")
                            .isNotNull();
                }
                assertThat(at(service1, "spec", "selector"))
                        .isEqualTo(at(deployment, "spec", "selector", "matchLabels"));
            }
        }

        @Test
        void servicesAreConfiguredOnlyThroughVariablesTheyReadWithSecretsFromTheSecret() throws IOException {
            Map<String, Object> config = map(at(byKindAndName.get("ConfigMap/im-config"), "data"));
            Set<String> secretKeys = map(at(byKindAndName.get("Secret/im-secrets"), "stringData")).keySet();
            Set<String> readByAny = new HashSet<>(DeployFiles.variablesReadByServices());
            readByAny.addAll(DeployFiles.READ_OUTSIDE_APPLICATION_YML);
            assertThat(config.keySet()).as("ConfigMap keys no application.yml reads").isSubsetOf(readByAny);
            assertThat(config.get("IM_BIND_ADDRESS")).isEqualTo("0.0.0.0");
            assertThat(config.keySet()).as("no secret in the ConfigMap")
                    .noneMatch(key -> key.contains("PASSWORD") || key.contains("SECRET"));

            for (String service : SERVICES.keySet()) {
                Map<String, Object> container = container(byKindAndName.get("Deployment/" + service));
                Set<String> read = new HashSet<>(DeployFiles.variablesReadBy(service));
                read.addAll(DeployFiles.READ_OUTSIDE_APPLICATION_YML);
                Set<String> names = new TreeSet<>();
                for (Object item : list(container.get("env"))) {
                    Map<String, Object> env = map(item);
                    names.add(String.valueOf(env.get("name")));
                    Object secretKey = at(env, "valueFrom", "secretKeyRef", "key");
                    if (secretKey != null) {
                        assertThat(at(env, "valueFrom", "secretKeyRef", "name")).isEqualTo("im-secrets");
                        assertThat(secretKeys).as(service + " secret key").contains(String.valueOf(secretKey));
                    }
                    if (env.get("value") != null) {
                        assertThat(String.valueOf(env.get("name"))).as(service + ": secrets by secretKeyRef only")
                                .doesNotContain("PASSWORD").doesNotContain("SECRET");
                    }
                }
                assertThat(names).as(service + ": variables no application.yml of it reads").isSubsetOf(read);
                assertThat(list(container.get("envFrom")).toString()).contains("im-config");
            }
            assertThat(DeployFiles.variablesReadBy("user-service")).contains("IM_JWT_SECRET");
        }

        @Test
        void prometheusAnnotationsPointAtTheMetricsPort() {
            for (String service : SERVICES.keySet()) {
                Map<String, Object> deployment = byKindAndName.get("Deployment/" + service);
                Map<String, Object> annotations = map(at(deployment, "spec", "template", "metadata", "annotations"));
                assertThat(annotations.get("prometheus.io/scrape")).as(service).isEqualTo("true");
                assertThat(annotations.get("prometheus.io/path")).as(service).isEqualTo("/actuator/prometheus");
                Map<String, Object> container = container(deployment);
                String metricsPort = String.valueOf(annotations.get("prometheus.io/port"));
                assertThat(containerPorts(container).values()).as(service + " exposes " + metricsPort)
                        .contains(Integer.valueOf(metricsPort));
                String expected = service.equals("gateway-service")
                        ? envValue(container, "GATEWAY_MANAGEMENT_PORT") : portValue(service, container);
                assertThat(metricsPort).as(service).isEqualTo(expected);
            }
            Map<String, Object> gateway = container(byKindAndName.get("Deployment/gateway-service"));
            assertThat(envValue(gateway, "GATEWAY_MANAGEMENT_ADDRESS")).isEqualTo("0.0.0.0");
        }

        @Test
        void kafkaAndPostgresRunAsStatefulSetsTheServicesReach() {
            Map<String, Object> kafka = byKindAndName.get("StatefulSet/kafka");
            assertThat(kafka).isNotNull();
            Map<String, Object> kafkaContainer = container(kafka);
            assertThat(String.valueOf(kafkaContainer.get("image"))).startsWith("apache/kafka:");
            assertThat(envValue(kafkaContainer, "KAFKA_PROCESS_ROLES")).contains("controller");
            int brokers = (Integer) at(kafka, "spec", "replicas");
            assertThat(envValue(kafkaContainer, "KAFKA_CONTROLLER_QUORUM_VOTERS").split(",")).hasSize(brokers);
            Map<String, Object> config = map(at(byKindAndName.get("ConfigMap/im-config"), "data"));
            assertThat(Integer.parseInt(String.valueOf(config.get("KAFKA_REPLICATION_FACTOR"))))
                    .isLessThanOrEqualTo(brokers);
            assertThat(byKindAndName).containsKeys("Service/kafka", "Service/kafka-headless", "StatefulSet/postgres",
                    "Service/postgres");
            assertThat(String.valueOf(config.get("KAFKA_BOOTSTRAP_SERVERS"))).isEqualTo("kafka:9092");
            for (String prefix : List.of("USER", "GROUP", "MESSAGING", "MEDIA")) {
                assertThat(String.valueOf(config.get(prefix + "_DB_URL")))
                        .startsWith("jdbc:postgresql://postgres:5432/im_");
            }
        }

        private Map<String, Object> container(Map<String, Object> workload) {
            return map(list(at(workload, "spec", "template", "spec", "containers")).get(0));
        }

        private Map<String, Integer> containerPorts(Map<String, Object> container) {
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (Object port : list(container.get("ports"))) {
                ports.put(String.valueOf(map(port).get("name")), (Integer) map(port).get("containerPort"));
            }
            return ports;
        }

        private Integer resolvePort(Map<String, Integer> ports, Object port) {
            if (port instanceof Integer number) {
                return ports.containsValue(number) ? number : null;
            }
            return ports.get(String.valueOf(port));
        }

        private String portValue(String service, Map<String, Object> container) {
            return envValue(container, SERVICES.get(service));
        }

        private String envValue(Map<String, Object> container, String name) {
            for (Object item : list(container.get("env"))) {
                if (name.equals(map(item).get("name"))) {
                    return String.valueOf(map(item).get("value"));
                }
            }
            throw new AssertionError("no env " + name + " in " + container.get("name"));
        }
    }
}

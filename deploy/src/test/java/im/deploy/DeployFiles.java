package im.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The deployment artifacts under {@code deploy/} (compose, Prometheus, Grafana, Kubernetes) and the services'
 * {@code application.yml} files, read for the tests that check them against each other.
 */
final class DeployFiles {

    /** Every service, with the variable its HTTP port is read from. */
    static final Map<String, String> SERVICES = linked(
            "gateway-service", "GATEWAY_PORT",
            "user-service", "USER_SERVICE_PORT",
            "group-service", "GROUP_SERVICE_PORT",
            "messaging-service", "MESSAGING_SERVICE_PORT",
            "media-service", "MEDIA_SERVICE_PORT");

    /**
     * Variables the deployments may set that no application.yml reads, each read by something else in the service's
     * JVM: {@code AXONIQ_UPDATE_CHECKER_DISABLED} by Axon Framework (no call home, stack-notes.md pitfall 9).
     */
    static final Set<String> READ_OUTSIDE_APPLICATION_YML = Set.of("AXONIQ_UPDATE_CHECKER_DISABLED");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    static final ObjectMapper JSON = new ObjectMapper();

    private DeployFiles() {
    }

    /** The repository root (the tests run in {@code deploy/}). */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy").resolve("compose"))
                    && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }

    static Path deploy(String relative) {
        return root().resolve("deploy").resolve(relative);
    }

    static Object yaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        }
    }

    /** Every document of a (multi-document) YAML file, empty documents dropped. */
    static List<Map<String, Object>> yamlDocuments(Path file) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                if (document != null) {
                    documents.add(map(document));
                }
            }
        }
        return documents;
    }

    /** The names of every {@code ${NAME:default}} (or {@code ${NAME}}) in the services' application.yml files. */
    static Set<String> variablesReadByServices() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String service : SERVICES.keySet()) {
            names.addAll(variablesReadBy(service));
        }
        return names;
    }

    static Set<String> variablesReadBy(String service) throws IOException {
        Set<String> names = new TreeSet<>();
        Path resources = root().resolve(service).resolve("src/main/resources");
        try (Stream<Path> files = Files.list(resources)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("application.*\\.ya?ml")).toList()) {
                Matcher matcher = PLACEHOLDER.matcher(Files.readString(file));
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
        }
        return names;
    }

    /** The dashboards by service: {@code deploy/grafana/dashboards/<service>.json}. */
    static Map<String, JsonNode> dashboards() throws IOException {
        Map<String, JsonNode> dashboards = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(deploy("grafana/dashboards"))) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".json")) {
                    dashboards.put(name.substring(0, name.length() - ".json".length()), JSON.readTree(file.toFile()));
                }
            }
        }
        return dashboards;
    }

    /** Every query panel of a dashboard (rows' nested panels included; rows themselves left out). */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if ("row".equals(panel.path("type").asText())) {
                panel.path("panels").forEach(panels::add);
            } else {
                panels.add(panel);
            }
        }
        return panels;
    }

    /** The PromQL expressions of every panel target. */
    static List<String> expressions(JsonNode dashboard) {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asText(""));
            }
        }
        return expressions;
    }

    /** The template variables' queries ({@code templating.list[].query}, a string or {@code {query: ...}}). */
    static List<String> templateQueries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (!"query".equals(variable.path("type").asText())) {
                continue;
            }
            JsonNode query = variable.path("query");
            queries.add(query.isTextual() ? query.asText() : query.path("query").asText());
        }
        return queries;
    }

    /** Every metric name a dashboard's panels and template variables query. */
    static Set<String> metricNames(JsonNode dashboard) {
        Set<String> names = new LinkedHashSet<>();
        expressions(dashboard).forEach(expression -> names.addAll(PromQl.metricNames(expression)));
        templateQueries(dashboard).forEach(query -> names.addAll(PromQl.templateMetricNames(query)));
        return names;
    }

    /** The sample names of a Prometheus text exposition ({@code name{labels} value} and {@code name value} lines). */
    static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        if (!(value instanceof Map)) {
            throw new AssertionError("expected a mapping, got " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        if (!(value instanceof List)) {
            throw new AssertionError("expected a list, got " + value);
        }
        return (List<Object>) value;
    }

    /** {@code root.a.b.c}, {@code null} when any step is missing. */
    static Object at(Object root, String... path) {
        Object node = root;
        for (String step : path) {
            if (!(node instanceof Map<?, ?> mapping)) {
                return null;
            }
            node = mapping.get(step);
        }
        return node;
    }

    private static Map<String, String> linked(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}

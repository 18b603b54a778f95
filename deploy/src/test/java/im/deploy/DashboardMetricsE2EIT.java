package im.deploy;

import static im.deploy.StackClient.closeAll;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import im.deploy.StackClient.User;
import im.proto.Message;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboards of deploy/grafana/dashboards against the running stack: after a little traffic of every kind
 * the dashboards show (accounts, a contact, a group, a 1:1 message over the socket, a refused frame, a file in a frame
 * and a refused one, call signalling, screen frames over the relay byte budget), every metric name a service's
 * dashboard queries (parsed from the PromQL, {@link PromQl}) must be among the samples of that service's
 * {@code /actuator/prometheus} (the gateway's on its management port). Runs after the other end-to-end classes that
 * share the stack, before the restart and stop classes.
 */
@Order(100)
class DashboardMetricsE2EIT {

    private static final String RELAY_DROPPED = "im_gateway_relay_frames_dropped_total";
    private static final Duration SCRAPE_PATIENCE = Duration.ofSeconds(30);
    private static final Pattern LISTING = Pattern.compile("^\\s+([a-z-]+-service)\\s+port\\s+(\\d+)\\s+pid\\s+\\d+",
            Pattern.MULTILINE);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyMetricTheDashboardsQueryIsExportedByItsService() throws Exception {
        LocalStack stack = LocalStack.get();
        assertThat(stack.gatewayManagementPort()).as("the shared stack sets GATEWAY_MANAGEMENT_PORT").isPositive();
        Map<String, URI> scrapes = scrapeUris(stack);
        driveTraffic(stack, scrapes.get("gateway-service"));

        Map<String, JsonNode> dashboards = DeployFiles.dashboards();
        assertThat(scrapes.keySet()).containsExactlyInAnyOrderElementsOf(dashboards.keySet());

        // counters with tags appear with their first increment, and the traffic above is partly asynchronous
        Map<String, Set<String>> missing = new TreeMap<>();
        long deadline = System.nanoTime() + SCRAPE_PATIENCE.toNanos();
        do {
            missing.clear();
            for (Map.Entry<String, JsonNode> dashboard : dashboards.entrySet()) {
                String service = dashboard.getKey();
                Set<String> exported = DeployFiles.sampleNames(scrape(scrapes.get(service)));
                Set<String> absent = new TreeSet<>(DeployFiles.metricNames(dashboard.getValue()));
                absent.removeAll(exported);
                if (!absent.isEmpty()) {
                    missing.put(service, absent);
                }
            }
            if (missing.isEmpty()) {
                break;
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline);

        assertThat(missing).as("metric names the dashboards query that the services do not export "
                + "(service -> names)").isEmpty();
    }

    /** Where each service serves its metrics: the back ends on their port, the gateway on its management port. */
    private Map<String, URI> scrapeUris(LocalStack stack) {
        Map<String, URI> uris = new LinkedHashMap<>();
        Matcher listing = LISTING.matcher(stack.output());
        while (listing.find()) {
            if (!listing.group(1).equals("gateway-service")) {
                uris.putIfAbsent(listing.group(1),
                        URI.create("http://127.0.0.1:" + listing.group(2) + "/actuator/prometheus"));
            }
        }
        uris.put("gateway-service",
                URI.create("http://127.0.0.1:" + stack.gatewayManagementPort() + "/actuator/prometheus"));
        return uris;
    }

    private String scrape(URI uri) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(uri.toString()).isEqualTo(200);
        return response.body();
    }

    private void driveTraffic(LocalStack stack, URI gatewayMetrics) throws Exception {
        StackClient client = new StackClient(stack);
        User pia = client.registerAndLogIn("pia");
        User quentin = client.registerAndLogIn("quentin");
        client.post("/friend", Map.of("uuid", pia.uuid(), "friendUsername", quentin.username()), pia).ok();
        client.post("/group/" + StackClient.enc(pia.uuid()), Map.of("name", StackClient.uniqueName("metrics")), pia)
                .ok();

        LegacySocket p = client.openWithToken(pia);
        LegacySocket q = client.openWithToken(quentin);
        try {
            // a 1:1 message: frames in and out, a delivery, the messaging and Kafka paths
            p.send(StackClient.text(pia, quentin, "watched by the dashboards"));
            awaitFrame(q, frame -> frame.getContent().equals("watched by the dashboards"));

            // a frame claiming another sender: refused with an error frame
            p.send(StackClient.text(quentin, pia, "not from me"));
            awaitFrame(p, frame -> frame.getType().equals("error"));

            // a file in a frame, stored by media-service, and a data URL that is not one: refused
            p.send(StackClient.text(pia, quentin, "a picture").toBuilder().setContentType(3)
                    .setFile(ByteString.copyFrom(png())).setFileSuffix("png").build());
            awaitFrame(q, frame -> frame.getContentType() == 3 && frame.getContent().equals("a picture"));
            p.send(StackClient.text(pia, quentin, "data:image/png;base64,@@not-base64@@").toBuilder()
                    .setContentType(2).build());
            awaitFrame(p, frame -> frame.getType().equals("error"));

            // call signalling, relayed
            p.send(Message.newBuilder().setFrom(pia.uuid()).setFromUsername(pia.username()).setTo(quentin.uuid())
                    .setMessageType(1).setType("webrtc").setContentType(0)
                    .setContent("{\"type\":\"offer_ice\",\"iceCandidate\":{\"candidate\":\"c1\"}}").build());
            awaitFrame(q, frame -> frame.getType().equals("webrtc"));

            // screen frames beyond the relay byte budget (IM_WS_RELAY_BYTE_RATE, 4 MB/s per user, bursts up to the
            // same): the excess is dropped (rate_limited). A burst of about 11 MB, repeated should a slow machine
            // have handled one within the refill.
            byte[] picture = new byte[512 * 1024];
            new Random(7).nextBytes(picture);
            Message screen = Message.newBuilder().setFrom(pia.uuid()).setTo(quentin.uuid()).setMessageType(1)
                    .setContentType(9)
                    .setContent("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(picture)).build();
            for (int round = 0; round < 5
                    && !DeployFiles.sampleNames(scrape(gatewayMetrics)).contains(RELAY_DROPPED); round++) {
                for (int i = 0; i < 16; i++) {
                    p.send(screen);
                }
                Thread.sleep(500);
            }
        } finally {
            closeAll(p, q);
        }
    }

    private static Message awaitFrame(LegacySocket socket, Predicate<Message> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + StackClient.FRAME_TIMEOUT.toNanos();
        StringBuilder skipped = new StringBuilder();
        while (System.nanoTime() < deadline) {
            Message frame = socket.next(Duration.ofMillis(200));
            if (frame != null) {
                if (wanted.test(frame)) {
                    return frame;
                }
                skipped.append(frame.getType()).append('/').append(frame.getContent()).append("; ");
            }
        }
        throw new AssertionError("no matching frame within " + StackClient.FRAME_TIMEOUT + "; skipped: " + skipped);
    }

    private static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 16; x++) {
            image.setRGB(x, x, 0xff8040);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}

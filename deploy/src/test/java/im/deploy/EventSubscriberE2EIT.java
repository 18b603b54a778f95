package im.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import im.deploy.StackClient.User;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The example subscriber of deploy/README.md, run as a command against the running stack: it prints the public
 * events as JSON lines, payloads decoded, and never a password hash.
 */
@Order(8)
class EventSubscriberE2EIT {

    @Test
    void theSubscriberPrintsThePublicEventsAsJson() throws Exception {
        LocalStack stack = LocalStack.get();
        StackClient client = new StackClient(stack);
        User ines = client.registerAndLogIn("ines");
        User jonas = client.registerAndLogIn("jonas");
        client.post("/friend", Map.of("uuid", ines.uuid(), "friendUsername", jonas.username()), ines).ok();
        LegacySocket socket = client.openWithToken(ines);
        try {
            socket.send(StackClient.text(ines, jonas, "seen by other systems"));
            client.until(() -> client.get("/message?Uuid=" + StackClient.enc(jonas.uuid()) + "&InteractWith="
                            + StackClient.enc(ines.uuid()) + "&MessageType=1", jonas),
                    reply -> reply.code() == 0 && reply.data().size() == 1, "stored");
        } finally {
            StackClient.closeAll(socket);
        }

        Process subscriber = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dloader.main=im.deploy.tools.EventSubscriber", "-jar",
                Path.of("target", "im-launcher.jar").toAbsolutePath().toString(),
                "--bootstrap", stack.kafkaBootstrap(), "--from-beginning", "--idle-exit", "5")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(subscriber.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(subscriber.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(subscriber.exitValue()).isZero();

        List<JsonNode> events = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                events.add(StackClient.JSON.readTree(line));
            }
        }
        assertThat(events).allSatisfy(event -> assertThat(event.has("event")).as(event.toString()).isTrue());
        assertThat(events).anySatisfy(event -> {
            assertThat(event.path("topic").asText()).isEqualTo("im.user.events.v1");
            assertThat(event.at("/event/eventType").asText()).isEqualTo("im.user.UserRegistered");
            assertThat(event.at("/event/payload/uuid").asText()).isEqualTo(ines.uuid());
            assertThat(event.at("/event/payload/@type").asText()).endsWith("im.events.user.v1.UserRegistered");
        });
        assertThat(events).anySatisfy(event -> {
            assertThat(event.path("topic").asText()).isEqualTo("im.message.events.v1");
            assertThat(event.at("/event/eventType").asText()).isEqualTo("im.message.MessageSent");
            assertThat(event.at("/event/payload/content").asText()).isEqualTo("seen by other systems");
            assertThat(event.at("/event/payload/fromUuid").asText()).isEqualTo(ines.uuid());
        });
        assertThat(output).as("no password hash on the public topics").doesNotContain("$2a$").doesNotContain("$2b$");
    }
}

package im.group.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import im.group.GroupServiceIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The read models are disposable: reset the processor's tokens and the replay rebuilds the same tables. */
class ReadModelReplayIT extends GroupServiceIntegrationTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void groupsAndMembershipsAreRebuiltByReplay() {
        String owner = knownUser("rayleigh");
        String a = knownUser("shakky");
        String b = knownUser("roger");
        String group = createGroup(owner, "old crew");
        join(a, group);
        join(b, group);
        ok(PUT, "/group/info/" + group, owner, Map.of("name", "oro jackson"));
        ok(PUT, "/group/role/" + group + "/" + a, owner, Map.of("role", "admin"));
        ok(DELETE, "/group/leave/" + b + "/" + group, b, null);
        ok(POST, "/group/owner/" + group + "/" + a, owner, null);
        JsonNode infoBefore = ok(GET, "/group/info/" + group, a, null);

        List<Map<String, Object>> groupsBefore = groups();
        List<Map<String, Object>> membershipsBefore = memberships();
        assertThat(groupsBefore).isNotEmpty();
        assertThat(membershipsBefore).isNotEmpty();

        StreamingEventProcessor processor = processing.eventProcessor("groups", StreamingEventProcessor.class)
                .orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        assertThat(groups()).as("the reset handler cleared the tables").isEmpty();
        assertThat(memberships()).isEmpty();
        processor.start();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(groups()).isEqualTo(groupsBefore);
            assertThat(memberships()).isEqualTo(membershipsBefore);
        });
        assertThat(ok(GET, "/group/info/" + group, a, null)).isEqualTo(infoBefore);
    }

    private List<Map<String, Object>> groups() {
        return jdbc.sql("SELECT * FROM groups ORDER BY id").query().listOfRows();
    }

    private List<Map<String, Object>> memberships() {
        return jdbc.sql("SELECT * FROM memberships ORDER BY id").query().listOfRows();
    }
}

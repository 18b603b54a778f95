package im.group.web;

import static org.assertj.core.api.Assertions.assertThat;

import im.platform.test.TestInfrastructure;
import im.platform.web.CallerHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LegacyGroupControllerIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "group_web");
    }

    @LocalServerPort
    int port;

    private RestClient client() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { })
                .build();
    }

    @Test
    void myGroupsIsAnEmptyListInBothForms() {
        String goChat = client().get().uri("/group/{u}", "[usr]me").header(CallerHeaders.USER_ID, "[usr]me")
                .retrieve().body(String.class);
        String imSdk = client().get().uri("/group?uuid={u}", "[usr]me").header(CallerHeaders.USER_ID, "[usr]me")
                .retrieve().body(String.class);
        assertThat(goChat).isEqualTo("{\"code\":0,\"msg\":\"SUCCESS\",\"data\":[]}");
        assertThat(imSdk).isEqualTo(goChat);
    }

    @Test
    void anotherUsersGroupsAreForbidden() {
        var response = client().get().uri("/group/{u}", "[usr]other").header(CallerHeaders.USER_ID, "[usr]me")
                .retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(403);
        assertThat(response.getBody()).contains("\"code\":-1");
    }

    @Test
    void withoutCallerTheAnswerIsUnauthorized() {
        var response = client().get().uri("/group/{u}", "[usr]me").retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void creatingAGroupIsRefusedWithAClearMessage() {
        String body = client().post().uri("/group/{u}", "[usr]me").header(CallerHeaders.USER_ID, "[usr]me")
                .retrieve().body(String.class);
        assertThat(body).contains("\"code\":-1").contains("groups are not available yet");
    }
}

package im.gateway.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeletedAccountsClientTest {

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theUuidsOfTheAnswerAreTheList() {
        assertThat(DeletedAccountsClient.parse(json("{\"uuids\":[\"[usr]a\",\"[usr]b\"],\"more\":1}")))
                .containsExactly("[usr]a", "[usr]b");
        assertThat(DeletedAccountsClient.parse(json("{\"uuids\":[]}"))).isEmpty();
    }

    @Test
    void entriesThatAreNoIdsAreSkipped() {
        assertThat(DeletedAccountsClient.parse(json("{\"uuids\":[\"[usr]a\",1,null,\"\",\" \",\""
                + "x".repeat(DeletedAccountsClient.MAX_ID_LENGTH + 1) + "\",{}]}")))
                .containsExactly("[usr]a");
    }

    @Test
    void anAnswerWithoutAUuidsArrayFailsTheLoad() {
        for (String body : new String[]{"", "{}", "{\"uuids\":\"[usr]a\"}", "[\"[usr]a\"]", "not json", "null"}) {
            assertThatThrownBy(() -> DeletedAccountsClient.parse(json(body))).as(body)
                    .isInstanceOf(IllegalStateException.class);
        }
    }
}

package im.user.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.platform.web.ApiException;
import im.user.config.UserProperties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserInputRulesTest {

    private final UserInputRules rules = new UserInputRules(new UserProperties(6, 10, "http://127.0.0.1:8082", java.time.Duration.ofSeconds(2)));

    /** NUL, other C0 controls, DEL and a C1 control. */
    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u0001", "\u0008", "\n", "\u001f", "\u007f", "\u0085"})
    void everyTextFieldRefusesControlCharacters(String control) {
        assertThatThrownBy(() -> rules.username("luffy" + control))
                .isInstanceOf(ApiException.class)
                .hasMessage("username must not contain spaces or control characters");
        assertThatThrownBy(() -> rules.nickname("Straw" + control + "Hat"))
                .isInstanceOf(ApiException.class)
                .hasMessage("nickname must not contain control characters");
        assertThatThrownBy(() -> rules.email("luffy" + control + "@example.org"))
                .isInstanceOf(ApiException.class)
                .hasMessage("email must not contain control characters");
        assertThat(UserInputRules.hasControlCharacter("a" + control)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"luffy", "ルフィ", "luffy.d-monkey_1"})
    void ordinaryTextPasses(String text) {
        assertThat(rules.username(text)).isEqualTo(text);
        assertThat(rules.nickname(text + " nick")).isEqualTo(text + " nick");
        assertThat(rules.email(text + "@example.org")).isEqualTo(text + "@example.org");
        assertThat(UserInputRules.hasControlCharacter(text)).isFalse();
    }
}

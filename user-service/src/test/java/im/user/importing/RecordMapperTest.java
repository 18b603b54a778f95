package im.user.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import im.user.config.UserImportProperties;
import im.user.config.UserProperties;
import im.user.web.UserInputRules;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Mapping a source's record by JSON Pointers, with the registration rules. */
class RecordMapperTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final UserInputRules RULES = new UserInputRules(new UserProperties(6, 4, "http://x", Duration.ZERO));
    /** Well-formed: the salt's last character one of {@code .Oeu}, the hash's one of {@code .CGKOSWaeimquy26}. */
    private static final String HASH = "$2a$04$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01236";

    /** A nested source shape: {id, login, secret: {plain, bcrypt}, profile: {name, mail, picture}}. */
    private static final RecordMapper NESTED = new RecordMapper(new UserImportProperties.Fields("/id", "/login",
            "/secret/plain", "/secret/bcrypt", "/profile/name", "/profile/picture", "/profile/mail"), RULES, 4);
    /** The defaults: the legacy shape {username, password, nickname, avatar, email}, no id. */
    private static final RecordMapper LEGACY = new RecordMapper(
            new UserImportProperties.Fields("", "/username", "/password", "", "/nickname", "/avatar", "/email"), RULES,
            4);

    private static JsonNode json(String text) {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static RecordProblem refused(RecordMapper mapper, String record) {
        RecordProblem problem = catchThrowableOfType(RecordProblem.class, () -> mapper.map(json(record)));
        assertThat(problem).as(record).isNotNull();
        return problem;
    }

    @Test
    void nestedFieldsMapByPointerAndANumericIdIsText() {
        SourceRecord record = NESTED.map(json("{'id': 42, 'login': 'nami', 'secret': {'plain': 'tangerine'},"
                + " 'profile': {'name': 'Nami', 'mail': 'nami@example.org', 'picture': 'https://cdn.example.org/n.png'}}"));

        assertThat(record).isEqualTo(new SourceRecord("42", "nami", "tangerine", null, "Nami", "nami@example.org",
                "https://cdn.example.org/n.png"));
        assertThat(record.toString()).doesNotContain("tangerine");
    }

    @Test
    void theLegacyShapeMapsWithTheUsernameAsId() {
        SourceRecord record = LEGACY.map(json("{'username': 'zoro', 'password': 'three-swords', 'nickname': 'Zoro',"
                + " 'avatar': '', 'email': 'z@example.org', 'extra': [1, 2]}"));

        assertThat(record.externalId()).isEqualTo("zoro");
        assertThat(record.password()).isEqualTo("three-swords");
        assertThat(record.avatarUrl()).as("empty clears the link").isEmpty();
    }

    @Test
    void missingFieldsAreNotGivenAndAnEmptyPasswordIsNone() {
        SourceRecord record = NESTED.map(json("{'id': 'a-1', 'login': 'usopp', 'secret': {'plain': ''},"
                + " 'profile': {'name': null}}"));

        assertThat(record).isEqualTo(new SourceRecord("a-1", "usopp", null, null, null, null, null));
        assertThat(record.hasPassword()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$2a$", "$2b$", "$2y$"})
    void bcryptHashesOfEachVersionAreKeptAndWinOverAPlaintext(String version) {
        String hash = version + HASH.substring(4);
        SourceRecord record = NESTED.map(json("{'id': 1, 'login': 'robin', 'secret': {'plain': 'ohara-books',"
                + " 'bcrypt': '" + hash + "'}}"));

        assertThat(record.passwordHash()).isEqualTo(hash);
        assertThat(record.password()).isNull();
    }

    @Test
    void brokenRecordsAreRefusedWithACodeAndAReason() {
        assertThat(refused(NESTED, "'a string'").code()).isEqualTo(RecordProblem.NOT_AN_OBJECT);
        RecordProblem missing = refused(NESTED, "{'id': 1, 'profile': {}}");
        assertThat(missing.code()).isEqualTo(RecordProblem.MISSING_USERNAME);
        assertThat(missing.reason()).isEqualTo("username is missing (/login)");
        assertThat(refused(NESTED, "{'id': 1, 'login': ''}").code()).isEqualTo(RecordProblem.MISSING_USERNAME);
        assertThat(refused(NESTED, "{'login': 'a'}").code()).isEqualTo(RecordProblem.MISSING_EXTERNAL_ID);
        assertThat(refused(NESTED, "{'id': 1.5, 'login': 'a'}").code()).isEqualTo(RecordProblem.INVALID_EXTERNAL_ID);
        assertThat(refused(NESTED, "{'id': '" + "x".repeat(257) + "', 'login': 'a'}").code())
                .isEqualTo(RecordProblem.INVALID_EXTERNAL_ID);
        assertThat(refused(NESTED, "{'id': 1, 'login': 7}").reason()).isEqualTo("username must be a string");
        RecordProblem spaced = refused(NESTED, "{'id': 1, 'login': 'two words'}");
        assertThat(spaced.code()).isEqualTo(RecordProblem.INVALID_USERNAME);
        assertThat(spaced.reason()).isEqualTo("username must not contain spaces or control characters");
        assertThat(refused(NESTED, "{'id': 1, 'login': 'nul\\u0000'}").code()).isEqualTo(RecordProblem.INVALID_USERNAME);
        RecordProblem control = refused(NESTED, "{'id': 1, 'login': 'a', 'profile': {'name': 'bell\\u0007'}}");
        assertThat(control.code()).isEqualTo(RecordProblem.INVALID_NICKNAME);
        assertThat(control.reason()).isEqualTo("nickname must not contain control characters");
        RecordProblem email = refused(NESTED, "{'id': 1, 'login': 'a', 'profile': {'mail': 'not-an-address'}}");
        assertThat(email.code()).isEqualTo(RecordProblem.INVALID_EMAIL);
        assertThat(email.reason()).isEqualTo("email is not a valid address");
        RecordProblem shortPassword = refused(NESTED, "{'id': 1, 'login': 'a', 'secret': {'plain': 'abc'}}");
        assertThat(shortPassword.code()).isEqualTo(RecordProblem.INVALID_PASSWORD);
        assertThat(shortPassword.reason()).isEqualTo("password must be at least 6 characters").doesNotContain("abc");
        assertThat(refused(NESTED, "{'id': 1, 'login': 'a', 'secret': {'plain': '" + "p".repeat(73) + "'}}").code())
                .isEqualTo(RecordProblem.INVALID_PASSWORD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plaintext-not-a-hash", "$2a$10$tooshort", "$2x$04$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
            "$2a$04$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ0123!", "$1$md5hash$abcdefghijklmnopqrstuv"})
    void aBadHashIsRefusedWithoutShowingIt(String hash) {
        RecordProblem problem = refused(NESTED, "{'id': 1, 'login': 'a', 'secret': {'bcrypt': '" + hash + "'}}");

        assertThat(problem.code()).isEqualTo(RecordProblem.INVALID_PASSWORD_HASH);
        assertThat(problem.reason()).doesNotContain(hash);
    }

    @Test
    void aHashCostAboveTheConfiguredCostPlusTwoOrAtLeast12IsRefused() {
        String costly = "$2b$13$" + HASH.substring(7);
        assertThat(refused(NESTED, "{'id': 1, 'login': 'a', 'secret': {'bcrypt': '" + costly + "'}}").reason())
                .as("configured 4: at most 12").isEqualTo("password hash cost must be between 4 and 12, was 13");
        assertThat(NESTED.map(json("{'id': 1, 'login': 'a', 'secret': {'bcrypt': '$2b$12$" + HASH.substring(7) + "'}}"))
                .passwordHash()).startsWith("$2b$12$");
        String cheap = "$2b$03$" + HASH.substring(7);
        assertThat(refused(NESTED, "{'id': 1, 'login': 'a', 'secret': {'bcrypt': '" + cheap + "'}}").code())
                .isEqualTo(RecordProblem.INVALID_PASSWORD_HASH);

        RecordMapper atCost12 = new RecordMapper(new UserImportProperties.Fields("/id", "/login", "", "/bcrypt", "",
                "", ""), RULES, 12);
        assertThat(atCost12.map(json("{'id': 1, 'login': 'a', 'bcrypt': '$2y$14$" + HASH.substring(7) + "'}"))
                .passwordHash()).startsWith("$2y$14$");
        RecordProblem over = refused(atCost12, "{'id': 1, 'login': 'a', 'bcrypt': '$2y$15$" + HASH.substring(7) + "'}");
        assertThat(over.code()).isEqualTo(RecordProblem.INVALID_PASSWORD_HASH);
        assertThat(over.reason()).isEqualTo("password hash cost must be between 4 and 14, was 15");
        assertThat(refused(atCost12, "{'id': 1, 'login': 'a', 'bcrypt': '$2y$31$" + HASH.substring(7) + "'}").code())
                .isEqualTo(RecordProblem.INVALID_PASSWORD_HASH);
    }

    @Test
    void everyHashBCryptWritesIsAcceptedAndNonCanonicalOnesThatCouldNeverMatchAreRefused() {
        BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(4);
        for (int i = 0; i < 200; i++) {
            String hash = encoder.encode("pw-" + i);
            assertThat(NESTED.map(json("{'id': 1, 'login': 'a', 'secret': {'bcrypt': '" + hash + "'}}")).passwordHash())
                    .isEqualTo(hash);
        }
        String hash = encoder.encode("the-password");
        // the salt's last character (4 low bits unused) and the hash's last one (2 low bits unused), off by one bit
        String salt = hash.substring(0, 28) + flip(hash.charAt(28)) + hash.substring(29);
        String tail = hash.substring(0, 59) + flip(hash.charAt(59));
        for (String odd : new String[] {salt, tail}) {
            assertThat(BCrypt.checkpw("the-password", odd)).as("decodes like the original, never matches").isFalse();
            RecordProblem problem = refused(NESTED, "{'id': 1, 'login': 'a', 'secret': {'bcrypt': '" + odd + "'}}");
            assertThat(problem.code()).isEqualTo(RecordProblem.INVALID_PASSWORD_HASH);
            assertThat(problem.reason()).doesNotContain(odd);
        }
        assertThat(BCrypt.checkpw("the-password", hash)).isTrue();
    }

    /** The next character of BCrypt's base64 alphabet (its lowest bit set or cleared). */
    private static char flip(char c) {
        String alphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return alphabet.charAt(alphabet.indexOf(c) ^ 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://cdn.example.org/a.png", "/relative.png", "https://user:pw@cdn.example.org/a.png",
            "https://cdn.example.org/a b.png", "javascript:alert(1)", "data:image/png;base64,AAAA"})
    void avatarLinksMustBeAbsoluteHttpUrls(String url) {
        assertThat(refused(NESTED, "{'id': 1, 'login': 'a', 'profile': {'picture': '" + url + "'}}").code())
                .isEqualTo(RecordProblem.INVALID_AVATAR_URL);
    }

    @Test
    void identifyReadsWhatItCanOfABrokenRecord() {
        assertThat(NESTED.identify(json("{'id': 9, 'login': 'bad\\u0001name'}"))).containsExactly("9", "bad?name");
        assertThat(LEGACY.identify(json("{'username': 'x'}"))).containsExactly("x", "x");
        assertThat(NESTED.identify(json("[]"))).containsExactly(null, null);
    }
}

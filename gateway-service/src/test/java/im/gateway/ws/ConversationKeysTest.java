package im.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConversationKeysTest {

    @Test
    void singleChatKeyIsTheSamePairFromEitherSide() {
        assertThat(ConversationKeys.of(1, "[usr]b", "[usr]a")).isEqualTo("[usr]a|[usr]b");
        assertThat(ConversationKeys.of(1, "[usr]a", "[usr]b")).isEqualTo("[usr]a|[usr]b");
    }

    @Test
    void talkingToOneselfIsAKeyToo() {
        assertThat(ConversationKeys.of(1, "[usr]a", "[usr]a")).isEqualTo("[usr]a|[usr]a");
    }

    @Test
    void groupChatKeyIsTheGroup() {
        assertThat(ConversationKeys.of(2, "[usr]z", "[grp]g")).isEqualTo("[grp]g");
    }
}

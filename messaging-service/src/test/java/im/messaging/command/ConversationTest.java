package im.messaging.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.instanceOf;

import im.messaging.api.ConversationIds;
import im.messaging.api.MessageRefusedException;
import im.messaging.api.MessageSent;
import im.messaging.api.RefusalCode;
import im.messaging.api.SendMessage;
import im.messaging.api.SendResult;
import im.messaging.config.MessagingProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.axonframework.messaging.Message;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.CustomTypeSafeMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConversationTest {

    private static final String ALICE = "[usr]aaaaaaaa-0000-4000-8000-000000000001";
    private static final String BOB = "[usr]bbbbbbbb-0000-4000-8000-000000000002";
    private static final String CAROL = "[usr]cccccccc-0000-4000-8000-000000000003";
    private static final String CONVERSATION = ConversationIds.direct(ALICE, BOB);
    private static final int MAX_TEXT = 10;

    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Conversation.class);
        fixture.registerCommandTargetResolver(new ConversationTargetResolver());
        fixture.registerInjectableResource(new MessagingProperties(MAX_TEXT, 128, Duration.ZERO, 16, 200, 1000, 1000, "contacts-only", Duration.ZERO,
                Duration.ofHours(24), Duration.ofHours(48), 20, 100));
    }

    private static SendMessage send(String from, String to, String dedupeKey, String text) {
        return new SendMessage(ConversationIds.direct(from, to), dedupeKey, "", from, from + "-name", to, 1, 1,
                text, "", "");
    }

    private static MessageSent sent(String from, String to, long seq, String dedupeKey, String messageId) {
        return new MessageSent(ConversationIds.direct(from, to), messageId, seq, dedupeKey, "", from,
                from + "-name", to, 1, 1, "earlier", "", Instant.parse("2026-01-01T00:00:00Z"), "");
    }

    /** Matches the events of the "when" phase: exactly one MessageSent satisfying {@code check}. */
    private static Matcher<List<Message<?>>> oneMessageSent(String description, Predicate<MessageSent> check) {
        return payloadsMatching(exactSequenceOf(new CustomTypeSafeMatcher<Object>(description) {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof MessageSent event && check.test(event);
            }
        }, andNoMore()));
    }

    @Test
    void theFirstMessageStartsTheConversationWithSeqOne() {
        fixture.givenNoPriorActivity()
                .when(send(ALICE, BOB, "f-1", "hi bob"))
                .expectEventsMatching(oneMessageSent("MessageSent seq 1 alice->bob", e -> e.seq() == 1
                        && e.conversationId().equals(CONVERSATION) && e.fromUuid().equals(ALICE)
                        && e.fromUsername().equals(ALICE + "-name") && e.toUuid().equals(BOB)
                        && e.content().equals("hi bob") && e.dedupeKey().equals("f-1")
                        && e.messageType() == 1 && e.contentType() == 1 && !e.messageId().isBlank()))
                .expectState(state -> {
                    assertThat(state.conversationId()).isEqualTo(CONVERSATION);
                    assertThat(state.lastSeq()).isEqualTo(1);
                });
    }

    @Test
    void theNextMessageGetsTheNextSeqInEitherDirection() {
        fixture.given(sent(ALICE, BOB, 1, "f-1", "m-1"), sent(ALICE, BOB, 2, "f-2", "m-2"))
                .when(send(BOB, ALICE, "f-3", "hi alice"))
                .expectEventsMatching(oneMessageSent("MessageSent seq 3 bob->alice", e -> e.seq() == 3
                        && e.fromUuid().equals(BOB) && e.toUuid().equals(ALICE)
                        && !e.messageId().equals("m-1") && !e.messageId().equals("m-2")));
    }

    @Test
    void aClientUrlOnATextIsNotStoredAsGiven() {
        SendMessage command = new SendMessage(CONVERSATION, "f-1", "c-1", ALICE, "alice", BOB, 1, 1, "hi", "", "");
        fixture.givenNoPriorActivity()
                .when(command)
                .expectEventsMatching(oneMessageSent("clientMessageId kept", e -> e.clientMessageId().equals("c-1")
                        && e.url().isEmpty()));
    }

    @Test
    void theResultNamesTheStoredMessage() {
        fixture.given(sent(ALICE, BOB, 1, "f-1", "m-1"))
                .when(send(ALICE, BOB, "f-2", "again"))
                .expectResultMessagePayloadMatching(new CustomTypeSafeMatcher<Object>("new seq 2") {
                    @Override
                    protected boolean matchesSafely(Object item) {
                        return item instanceof SendResult r && r.seq() == 2 && !r.duplicate()
                                && !r.messageId().equals("m-1");
                    }
                });
    }

    @Test
    void aResendWithTheSameDedupeKeyStoresNothingAndAnswersTheOriginal() {
        fixture.given(sent(ALICE, BOB, 1, "client-7", "m-1"), sent(ALICE, BOB, 2, "f-2", "m-2"))
                .when(send(ALICE, BOB, "client-7", "hi bob"))
                .expectNoEvents()
                .expectResultMessagePayload(new SendResult("m-1", 1, Instant.parse("2026-01-01T00:00:00Z"), true));
    }

    @Test
    void theSameDedupeKeyFromTheOtherPartyIsANewMessage() {
        fixture.given(sent(ALICE, BOB, 1, "client-7", "m-1"))
                .when(send(BOB, ALICE, "client-7", "mine"))
                .expectResultMessagePayloadMatching(new CustomTypeSafeMatcher<Object>("new seq 2") {
                    @Override
                    protected boolean matchesSafely(Object item) {
                        return item instanceof SendResult r && r.seq() == 2 && !r.duplicate();
                    }
                });
    }

    @Test
    void onlyTheLastThousandDedupeKeysAreRemembered() {
        MessageSent[] history = new MessageSent[Conversation.DEDUPE_WINDOW + 1];
        for (int i = 0; i < history.length; i++) {
            history[i] = sent(ALICE, BOB, i + 1, "k-" + i, "m-" + i);
        }
        fixture.given((Object[]) history)
                .when(send(ALICE, BOB, "k-0", "again"))
                .expectResultMessagePayloadMatching(new CustomTypeSafeMatcher<Object>("new message") {
                    @Override
                    protected boolean matchesSafely(Object item) {
                        return item instanceof SendResult r && !r.duplicate() && r.seq() == history.length + 1;
                    }
                })
                .expectState(state -> assertThat(state.rememberedMessages()).isEqualTo(Conversation.DEDUPE_WINDOW));
    }

    @Test
    void emptyTextIsRefused() {
        fixture.givenNoPriorActivity()
                .when(send(ALICE, BOB, "f-1", "   "))
                .expectNoEvents()
                .expectException(MessageRefusedException.class)
                .expectExceptionMessage("the message text is empty");
    }

    @Test
    void textOverTheLimitIsRefused() {
        fixture.givenNoPriorActivity()
                .when(send(ALICE, BOB, "f-1", "x".repeat(MAX_TEXT + 1)))
                .expectNoEvents()
                .expectException(allOf(
                        instanceOf(MessageRefusedException.class),
                        new CustomTypeSafeMatcher<Object>("code text_too_long") {
                            @Override
                            protected boolean matchesSafely(Object item) {
                                return ((MessageRefusedException) item).code() == RefusalCode.TEXT_TOO_LONG;
                            }
                        }));
    }

    static Matcher<Object> refusedWith(RefusalCode code) {
        return allOf(instanceOf(MessageRefusedException.class), new CustomTypeSafeMatcher<Object>("code " + code) {
            @Override
            protected boolean matchesSafely(Object item) {
                return ((MessageRefusedException) item).code() == code;
            }
        });
    }

    @Test
    void textWithANulCharacterIsRefused() {
        fixture.givenNoPriorActivity()
                .when(send(ALICE, BOB, "f-1", "a\u0000b"))
                .expectNoEvents()
                .expectException(refusedWith(RefusalCode.INVALID_TEXT))
                .expectExceptionMessage("the message text contains a control character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0001", "\u0007", "\u000b", "\u001b", "\u001f"})
    void textWithAnotherC0ControlCharacterIsRefused(String control) {
        fixture.givenNoPriorActivity()
                .when(send(ALICE, BOB, "f-1", "a" + control + "b"))
                .expectNoEvents()
                .expectException(refusedWith(RefusalCode.INVALID_TEXT));
    }

    @Test
    void tabsAndLineBreaksAreAccepted() {
        fixture.givenNoPriorActivity()
                .when(send(ALICE, BOB, "f-1", "a\tb\r\nc\n"))
                .expectEventsMatching(oneMessageSent("text kept", e -> e.content().equals("a\tb\r\nc\n")));
    }

    @Test
    void textAtTheLimitCountedInCharactersNotUtf16UnitsIsAccepted() {
        String emoji = "\uD83D\uDE00"; // one code point, two UTF-16 units
        fixture.givenNoPriorActivity()
                .when(send(ALICE, BOB, "f-1", emoji.repeat(MAX_TEXT)))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void aSenderOutsideTheConversationIsRefused() {
        SendMessage intruder = new SendMessage(CONVERSATION, "f-9", "", CAROL, "carol", BOB, 1, 1, "hi", "", "");
        fixture.given(sent(ALICE, BOB, 1, "f-1", "m-1"))
                .when(intruder)
                .expectNoEvents()
                .expectException(MessageRefusedException.class)
                .expectExceptionMessage("sender and recipient are not the parties of this conversation");
    }

    private static final String STORED = "0f8fad5b-d9cb-469f-a165-70867728950e.png";

    @Test
    void aPictureIsStoredWithItsFileAndCaption() {
        SendMessage image = new SendMessage(CONVERSATION, "f-1", "", ALICE, "alice", BOB, 1, 3, "look", STORED, "");
        fixture.givenNoPriorActivity()
                .when(image)
                .expectEventsMatching(oneMessageSent("a picture with its url",
                        e -> e.contentType() == 3 && e.url().equals(STORED) && e.content().equals("look")));
    }

    @Test
    void aFileWithoutCaptionIsStored() {
        SendMessage file = new SendMessage(CONVERSATION, "f-1", "", ALICE, "alice", BOB, 1, 2, "", STORED, "");
        fixture.givenNoPriorActivity()
                .when(file)
                .expectEventsMatching(oneMessageSent("a file", e -> e.contentType() == 2 && e.content().isEmpty()));
    }

    @Test
    void aFileMessageWithoutAStoredFileIsRefused() {
        SendMessage image = new SendMessage(CONVERSATION, "f-1", "", ALICE, "alice", BOB, 1, 3, "", "../x.png", "");
        fixture.givenNoPriorActivity()
                .when(image)
                .expectNoEvents()
                .expectException(refusedWith(RefusalCode.MISSING_FILE));
    }

    @Test
    void aRelayedContentTypeIsNeverStored() {
        SendMessage call = new SendMessage(CONVERSATION, "f-1", "", ALICE, "alice", BOB, 1, 9, "data:", "", "");
        fixture.givenNoPriorActivity()
                .when(call)
                .expectNoEvents()
                .expectException(refusedWith(RefusalCode.UNSUPPORTED_CONTENT_TYPE));
    }

    @Test
    void anotherMessageTypeIsRefused() {
        SendMessage other = new SendMessage(CONVERSATION, "f-1", "", ALICE, "alice", BOB, 3, 1, "hi", "", "");
        fixture.givenNoPriorActivity()
                .when(other)
                .expectNoEvents()
                .expectException(refusedWith(RefusalCode.UNSUPPORTED_MESSAGE_TYPE))
                .expectExceptionMessage("only 1:1 (messageType 1) and group messages (messageType 2) are supported");
    }

    // ---- group conversations ----

    private static final String GROUP = "[grp]99999999-0000-4000-8000-000000000009";
    private static final String OTHER_GROUP = "[grp]88888888-0000-4000-8000-000000000008";
    private static final String GROUP_CONVERSATION = ConversationIds.group(GROUP);

    private static SendMessage sendToGroup(String from, String dedupeKey, String text) {
        return new SendMessage(GROUP_CONVERSATION, dedupeKey, "", from, from + "-name", GROUP, 2, 1, text, "", "");
    }

    private static MessageSent sentToGroup(String from, long seq, String dedupeKey, String messageId) {
        return new MessageSent(GROUP_CONVERSATION, messageId, seq, dedupeKey, "", from, from + "-name", GROUP, 2, 1,
                "earlier", "", Instant.parse("2026-01-01T00:00:00Z"), "");
    }

    @Test
    void aGroupMessageIsStoredOnceInTheGroupsConversationWithSeqOne() {
        fixture.givenNoPriorActivity()
                .when(sendToGroup(ALICE, "f-1", "hi all"))
                .expectEventsMatching(oneMessageSent("MessageSent seq 1 alice->group", e -> e.seq() == 1
                        && e.conversationId().equals(GROUP_CONVERSATION) && e.fromUuid().equals(ALICE)
                        && e.toUuid().equals(GROUP) && e.messageType() == 2 && e.content().equals("hi all")))
                .expectState(state -> {
                    assertThat(state.conversationId()).isEqualTo("grp:" + GROUP);
                    assertThat(state.lastSeq()).isEqualTo(1);
                });
    }

    @Test
    void groupMessagesFromDifferentMembersShareOneGaplessSeq() {
        fixture.given(sentToGroup(ALICE, 1, "f-1", "m-1"), sentToGroup(BOB, 2, "f-2", "m-2"))
                .when(sendToGroup(CAROL, "f-3", "me too"))
                .expectEventsMatching(oneMessageSent("seq 3 from carol", e -> e.seq() == 3
                        && e.fromUuid().equals(CAROL) && e.toUuid().equals(GROUP)));
    }

    @Test
    void aGroupResendWithTheSameDedupeKeyStoresNothingAndAnswersTheOriginal() {
        fixture.given(sentToGroup(ALICE, 1, "client-7", "m-1"), sentToGroup(BOB, 2, "f-2", "m-2"))
                .when(sendToGroup(ALICE, "client-7", "hi all"))
                .expectNoEvents()
                .expectResultMessagePayload(new SendResult("m-1", 1, Instant.parse("2026-01-01T00:00:00Z"), true));
    }

    @Test
    void theSameDedupeKeyFromAnotherMemberIsANewGroupMessage() {
        fixture.given(sentToGroup(ALICE, 1, "client-7", "m-1"))
                .when(sendToGroup(BOB, "client-7", "mine"))
                .expectResultMessagePayloadMatching(new CustomTypeSafeMatcher<Object>("new seq 2") {
                    @Override
                    protected boolean matchesSafely(Object item) {
                        return item instanceof SendResult r && r.seq() == 2 && !r.duplicate();
                    }
                });
    }

    @Test
    void aGroupMessageForAnotherGroupsConversationIsRefused() {
        SendMessage wrongGroup = new SendMessage(GROUP_CONVERSATION, "f-9", "", ALICE, "alice", OTHER_GROUP, 2, 1,
                "hi", "", "");
        fixture.given(sentToGroup(ALICE, 1, "f-1", "m-1"))
                .when(wrongGroup)
                .expectNoEvents()
                .expectException(refusedWith(RefusalCode.NOT_PARTICIPANT))
                .expectExceptionMessage("the message is not addressed to this group conversation");
    }

    @Test
    void aGroupMessageAtA1to1ConversationIsRefused() {
        SendMessage intoDirect = new SendMessage(CONVERSATION, "f-1", "", ALICE, "alice", GROUP, 2, 1, "hi", "", "");
        fixture.givenNoPriorActivity()
                .when(intoDirect)
                .expectNoEvents()
                .expectException(refusedWith(RefusalCode.NOT_PARTICIPANT));
    }

    @Test
    void a1to1MessageAtAGroupConversationIsRefused() {
        SendMessage direct = new SendMessage(GROUP_CONVERSATION, "f-2", "", ALICE, "alice", BOB, 1, 1, "hi", "", "");
        fixture.given(sentToGroup(ALICE, 1, "f-1", "m-1"))
                .when(direct)
                .expectNoEvents()
                .expectException(refusedWith(RefusalCode.NOT_PARTICIPANT))
                .expectExceptionMessage("sender and recipient are not the parties of this conversation");
    }

    @Test
    void groupTextFollowsTheSameRulesAsDirectText() {
        fixture.givenNoPriorActivity()
                .when(sendToGroup(ALICE, "f-1", "x".repeat(MAX_TEXT + 1)))
                .expectNoEvents()
                .expectException(refusedWith(RefusalCode.TEXT_TOO_LONG));
    }

    @Test
    void groupTextWithAControlCharacterIsRefused() {
        fixture.givenNoPriorActivity()
                .when(sendToGroup(ALICE, "f-1", "a\u0007b"))
                .expectNoEvents()
                .expectException(refusedWith(RefusalCode.INVALID_TEXT));
    }
}

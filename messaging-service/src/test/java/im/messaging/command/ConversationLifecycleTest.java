package im.messaging.command;

import static im.messaging.command.ConversationTest.refusedWith;

import im.messaging.api.ConversationIds;
import im.messaging.api.DeleteMessageForAll;
import im.messaging.api.EditMessage;
import im.messaging.api.HideMessage;
import im.messaging.api.MarkRead;
import im.messaging.api.MessageDeletedForAll;
import im.messaging.api.MessageEdited;
import im.messaging.api.MessageHidden;
import im.messaging.api.MessageSent;
import im.messaging.api.ReadPositionMoved;
import im.messaging.api.RefusalCode;
import im.messaging.config.MessagingProperties;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.CustomTypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Edit, delete for everyone, delete for me and read positions on the Conversation aggregate. */
class ConversationLifecycleTest {

    private static final String ALICE = "[usr]aaaaaaaa-0000-4000-8000-000000000001";
    private static final String BOB = "[usr]bbbbbbbb-0000-4000-8000-000000000002";
    private static final String DM = ConversationIds.direct(ALICE, BOB);
    private static final String GROUP = "[grp]99999999-0000-4000-8000-000000000009";
    private static final String GROUP_CONVERSATION = ConversationIds.group(GROUP);
    private static final Duration EDIT_WINDOW = Duration.ofHours(24);
    private static final Duration DELETE_WINDOW = Duration.ofHours(48);

    private FixtureConfiguration<Conversation> fixture;
    private final Instant recently = Instant.now().minusSeconds(60);

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Conversation.class);
        fixture.registerCommandTargetResolver(new ConversationTargetResolver());
        fixture.registerInjectableResource(new MessagingProperties(10, 128, Duration.ZERO, 16, 200, 1000, 1000,
                "contacts-only", Duration.ZERO, EDIT_WINDOW, DELETE_WINDOW, 20, 100));
    }

    private MessageSent aliceToBob(long seq, String messageId, Instant sentAt) {
        return new MessageSent(DM, messageId, seq, "f-" + seq, "", ALICE, "alice", BOB, 1, 1, "text " + seq, "",
                sentAt, "");
    }

    private MessageSent toGroup(String from, long seq, String messageId, Instant sentAt) {
        return new MessageSent(GROUP_CONVERSATION, messageId, seq, "f-" + seq, "", from, "name", GROUP, 2, 1,
                "text " + seq, "", sentAt, "");
    }

    private EditMessage edit(String editor, String content) {
        return new EditMessage(DM, "m-1", 1, ALICE, 1, recently, "text 1", editor, content);
    }

    // ---- edit ----

    @Test
    void theAuthorEditsATextMessage() {
        fixture.given(aliceToBob(1, "m-1", recently))
                .when(edit(ALICE, "fixed"))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        matching("the edit addressed to bob", MessageEdited.class,
                                e -> e.messageId().equals("m-1") && e.seq() == 1 && e.content().equals("fixed")
                                        && e.authorUuid().equals(ALICE) && e.toUuid().equals(BOB)
                                        && e.messageType() == 1 && e.editNumber() == 1),
                        Matchers.andNoMore())));
    }

    @Test
    void aSecondEditGetsTheNextEditNumber() {
        fixture.given(aliceToBob(1, "m-1", recently),
                        new MessageEdited(DM, "m-1", 1, ALICE, BOB, 1, "once", 1, recently, recently))
                .when(edit(ALICE, "twice"))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        matching("edit number 2", MessageEdited.class, e -> e.editNumber() == 2),
                        Matchers.andNoMore())));
    }

    @Test
    void theSameTextStoresNothing() {
        fixture.given(aliceToBob(1, "m-1", recently))
                .when(edit(ALICE, "text 1"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theSameTextFromSomeoneElseIsStillRefused() {
        fixture.given(aliceToBob(1, "m-1", recently))
                .when(edit(BOB, "text 1"))
                .expectNoEvents()
                .expectException(refusedWith(RefusalCode.NOT_AUTHOR));
    }

    @Test
    void onlyTheAuthorMayEdit() {
        fixture.given(aliceToBob(1, "m-1", recently))
                .when(edit(BOB, "mine now"))
                .expectNoEvents()
                .expectException(refusedWith(RefusalCode.NOT_AUTHOR));
    }

    @Test
    void aMessageOlderThanTheEditWindowCannotBeEdited() {
        Instant longAgo = Instant.now().minus(EDIT_WINDOW).minusSeconds(5);
        fixture.given(aliceToBob(1, "m-1", longAgo))
                .when(new EditMessage(DM, "m-1", 1, ALICE, 1, longAgo, "text 1", ALICE, "late"))
                .expectNoEvents()
                .expectException(refusedWith(RefusalCode.EDIT_WINDOW_PASSED));
    }

    @Test
    void onlyTextCanBeEdited() {
        fixture.given(aliceToBob(1, "m-1", recently))
                .when(new EditMessage(DM, "m-1", 1, ALICE, 3, recently, "", ALICE, "a caption"))
                .expectNoEvents()
                .expectException(refusedWith(RefusalCode.NOT_EDITABLE));
    }

    @Test
    void theNewTextFollowsTheRulesOfAMessage() {
        fixture.given(aliceToBob(1, "m-1", recently))
                .when(edit(ALICE, "far too long for ten"))
                .expectNoEvents()
                .expectException(refusedWith(RefusalCode.TEXT_TOO_LONG));
    }

    @Test
    void aMessageDeletedForEveryoneCannotBeEdited() {
        fixture.given(aliceToBob(1, "m-1", recently),
                        new MessageDeletedForAll(DM, "m-1", 1, ALICE, BOB, 1, ALICE, recently, recently))
                .when(edit(ALICE, "back"))
                .expectNoEvents()
                .expectException(refusedWith(RefusalCode.MESSAGE_DELETED));
    }

    @Test
    void aSeqThisConversationNeverHadIsUnknown() {
        fixture.given(aliceToBob(1, "m-1", recently))
                .when(new EditMessage(DM, "m-7", 7, ALICE, 1, recently, "", ALICE, "ghost"))
                .expectNoEvents()
                .expectException(refusedWith(RefusalCode.UNKNOWN_MESSAGE));
    }

    // ---- delete for everyone ----

    @Test
    void theAuthorDeletesForEveryone() {
        fixture.given(aliceToBob(1, "m-1", recently))
                .when(new DeleteMessageForAll(DM, "m-1", 1, ALICE, recently, ALICE, false))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        matching("deleted by alice", MessageDeletedForAll.class,
                                e -> e.seq() == 1 && e.deletedByUuid().equals(ALICE) && e.toUuid().equals(BOB)),
                        Matchers.andNoMore())));
    }

    @Test
    void theOtherPartyMayNotDeleteForEveryone() {
        fixture.given(aliceToBob(1, "m-1", recently))
                .when(new DeleteMessageForAll(DM, "m-1", 1, ALICE, recently, BOB, false))
                .expectNoEvents()
                .expectException(refusedWith(RefusalCode.NOT_AUTHOR));
    }

    @Test
    void deletingTwiceChangesNothing() {
        fixture.given(aliceToBob(1, "m-1", recently),
                        new MessageDeletedForAll(DM, "m-1", 1, ALICE, BOB, 1, ALICE, recently, recently))
                .when(new DeleteMessageForAll(DM, "m-1", 1, ALICE, recently, ALICE, false))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theAuthorsDeleteWindowEnds() {
        Instant longAgo = Instant.now().minus(DELETE_WINDOW).minusSeconds(5);
        fixture.given(aliceToBob(1, "m-1", longAgo))
                .when(new DeleteMessageForAll(DM, "m-1", 1, ALICE, longAgo, ALICE, false))
                .expectNoEvents()
                .expectException(refusedWith(RefusalCode.DELETE_WINDOW_PASSED));
    }

    @Test
    void aGroupModeratorDeletesAnyonesMessageAtAnyTime() {
        Instant longAgo = Instant.now().minus(DELETE_WINDOW).minusSeconds(5);
        fixture.given(toGroup(ALICE, 1, "m-1", longAgo))
                .when(new DeleteMessageForAll(GROUP_CONVERSATION, "m-1", 1, ALICE, longAgo, BOB, true))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        matching("deleted by the admin bob", MessageDeletedForAll.class,
                                e -> e.deletedByUuid().equals(BOB) && e.toUuid().equals(GROUP)
                                        && e.messageType() == 2),
                        Matchers.andNoMore())));
    }

    @Test
    void aModeratorFlagMeansNothingInA1to1Conversation() {
        fixture.given(aliceToBob(1, "m-1", recently))
                .when(new DeleteMessageForAll(DM, "m-1", 1, ALICE, recently, BOB, true))
                .expectNoEvents()
                .expectException(refusedWith(RefusalCode.NOT_AUTHOR));
    }

    // ---- delete for me ----

    @Test
    void aRecipientHidesAMessageForThemself() {
        fixture.given(aliceToBob(1, "m-1", recently))
                .when(new HideMessage(DM, "m-1", 1, ALICE, BOB))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        matching("hidden by bob", MessageHidden.class,
                                e -> e.userUuid().equals(BOB) && e.authorUuid().equals(ALICE)
                                        && e.toUuid().equals(BOB)),
                        Matchers.andNoMore())));
    }

    // ---- read positions ----

    @Test
    void aReadPositionMovesForwardCappedAtTheLastMessage() {
        fixture.given(aliceToBob(1, "m-1", recently), aliceToBob(2, "m-2", recently))
                .when(new MarkRead(DM, BOB, 9))
                .expectResultMessagePayload(2L)
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        matching("bob read up to 2", ReadPositionMoved.class,
                                e -> e.readerUuid().equals(BOB) && e.readSeq() == 2 && e.peerUuid().equals(ALICE)),
                        Matchers.andNoMore())));
    }

    @Test
    void aReadPositionNeverMovesBack() {
        fixture.given(aliceToBob(1, "m-1", recently), aliceToBob(2, "m-2", recently),
                        new ReadPositionMoved(DM, BOB, ALICE, 1, 2, recently))
                .when(new MarkRead(DM, BOB, 1))
                .expectResultMessagePayload(2L)
                .expectNoEvents();
    }

    @Test
    void aReadPositionIsASeqFromOne() {
        fixture.given(aliceToBob(1, "m-1", recently))
                .when(new MarkRead(DM, BOB, 0))
                .expectNoEvents()
                .expectException(refusedWith(RefusalCode.INVALID_SEQ));
    }

    private static <T> CustomTypeSafeMatcher<Object> matching(String description, Class<T> type,
                                                              java.util.function.Predicate<T> check) {
        return new CustomTypeSafeMatcher<>(description) {
            @Override
            protected boolean matchesSafely(Object item) {
                return type.isInstance(item) && check.test(type.cast(item));
            }
        };
    }
}

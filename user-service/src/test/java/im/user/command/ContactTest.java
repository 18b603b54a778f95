package im.user.command;

import im.platform.web.DomainException;
import im.user.api.AddContact;
import im.user.api.ContactAdded;
import im.user.api.ContactIds;
import im.user.api.ContactLeft;
import im.user.api.LeaveContact;
import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContactTest {

    private static final String LUFFY = "[usr]b-luffy";
    private static final String NAMI = "[usr]a-nami";
    private static final String PAIR = ContactIds.of(LUFFY, NAMI);
    private static final Instant EARLIER = Instant.parse("2026-01-02T03:04:05Z");
    private static final Instant NOW = Instant.parse("2026-02-03T04:05:06.789Z");
    private static final ContactAdded ADDED = new ContactAdded(PAIR, LUFFY, NAMI);

    private AggregateTestFixture<Contact> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Contact.class);
    }

    @Test
    void thePairIdIsTheSameWhoeverAsks() {
        org.assertj.core.api.Assertions.assertThat(PAIR)
                .isEqualTo("ct:[usr]a-nami|[usr]b-luffy")
                .isEqualTo(ContactIds.of(NAMI, LUFFY));
    }

    @Test
    void addingAContactEmitsContactAdded() {
        fixture.givenNoPriorActivity()
                .when(new AddContact(LUFFY, NAMI))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ContactAdded(PAIR, LUFFY, NAMI));
    }

    @Test
    void addingAnExistingContactAgainIsRefused() {
        fixture.given(new ContactAdded(PAIR, LUFFY, NAMI))
                .when(new AddContact(LUFFY, NAMI))
                .expectException(DomainException.class)
                .expectExceptionMessage("already interact with this user")
                .expectNoEvents();
    }

    @Test
    void contactsAreMutualSoTheOtherSideCannotAddAgain() {
        fixture.given(new ContactAdded(PAIR, LUFFY, NAMI))
                .when(new AddContact(NAMI, LUFFY))
                .expectException(DomainException.class)
                .expectExceptionMessage("already interact with this user");
    }

    @Test
    void addingYourselfIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new AddContact(LUFFY, LUFFY))
                .expectException(DomainException.class)
                .expectExceptionMessage("cannot add yourself")
                .expectNoEvents();
    }

    @Test
    void anIdThatDoesNotNameThePairIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new AddContact(ContactIds.of(LUFFY, "[usr]c-zoro"), LUFFY, NAMI))
                .expectException(DomainException.class)
                .expectNoEvents();
    }

    // ---- leaving and re-adding ----

    @Test
    void leavingEmitsContactLeftForTheLeaverAtTheCurrentTime() {
        fixture.given(ADDED)
                .andGivenCurrentTime(NOW)
                .when(new LeaveContact(NAMI, LUFFY))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ContactLeft(PAIR, NAMI, LUFFY, NOW));
    }

    @Test
    void leavingTwiceIsRefused() {
        fixture.given(ADDED, new ContactLeft(PAIR, NAMI, LUFFY, EARLIER))
                .when(new LeaveContact(NAMI, LUFFY))
                .expectException(DomainException.class)
                .expectExceptionMessage("interact doesn't exist")
                .expectNoEvents();
    }

    @Test
    void leavingAPairThatWasNeverAddedIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new LeaveContact(LUFFY, NAMI))
                .expectException(DomainException.class)
                .expectExceptionMessage("interact doesn't exist")
                .expectNoEvents();
    }

    @Test
    void theSideThatStayedCanStillLeaveAfterTheOtherLeft() {
        fixture.given(ADDED, new ContactLeft(PAIR, NAMI, LUFFY, EARLIER))
                .andGivenCurrentTime(NOW)
                .when(new LeaveContact(LUFFY, NAMI))
                .expectEvents(new ContactLeft(PAIR, LUFFY, NAMI, NOW));
    }

    @Test
    void leavingYourselfIsRefused() {
        fixture.given(ADDED)
                .when(new LeaveContact(LUFFY, LUFFY))
                .expectException(DomainException.class)
                .expectExceptionMessage("interact doesn't exist")
                .expectNoEvents();
    }

    @Test
    void theLeaverCanAddAgainWhichMakesBothSidesActive() {
        fixture.given(ADDED, new ContactLeft(PAIR, NAMI, LUFFY, EARLIER))
                .when(new AddContact(NAMI, LUFFY))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ContactAdded(PAIR, NAMI, LUFFY));
    }

    @Test
    void theSideThatStayedCanAddTheLeaverAgain() {
        fixture.given(ADDED, new ContactLeft(PAIR, NAMI, LUFFY, EARLIER))
                .when(new AddContact(LUFFY, NAMI))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ContactAdded(PAIR, LUFFY, NAMI));
    }

    @Test
    void afterBothLeftEitherCanAddAgain() {
        fixture.given(ADDED, new ContactLeft(PAIR, NAMI, LUFFY, EARLIER), new ContactLeft(PAIR, LUFFY, NAMI, NOW))
                .when(new AddContact(NAMI, LUFFY))
                .expectEvents(new ContactAdded(PAIR, NAMI, LUFFY));
    }

    @Test
    void afterAReAddBothSidesAreActiveSoAddingAgainIsRefusedAndLeavingWorks() {
        fixture.given(ADDED, new ContactLeft(PAIR, NAMI, LUFFY, EARLIER), new ContactAdded(PAIR, NAMI, LUFFY))
                .when(new AddContact(LUFFY, NAMI))
                .expectException(DomainException.class)
                .expectExceptionMessage("already interact with this user");
        fixture.given(ADDED, new ContactLeft(PAIR, NAMI, LUFFY, EARLIER), new ContactAdded(PAIR, NAMI, LUFFY))
                .andGivenCurrentTime(NOW)
                .when(new LeaveContact(NAMI, LUFFY))
                .expectEvents(new ContactLeft(PAIR, NAMI, LUFFY, NOW));
    }

    @Test
    void aLeaveWhoseIdDoesNotNameThePairIsRefused() {
        fixture.given(ADDED)
                .when(new LeaveContact(ContactIds.of(LUFFY, "[usr]c-zoro"), LUFFY, NAMI))
                .expectException(DomainException.class)
                .expectNoEvents();
    }
}

package im.user.command;

import im.platform.web.DomainException;
import im.user.api.AddContact;
import im.user.api.ContactAdded;
import im.user.api.ContactIds;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContactTest {

    private static final String LUFFY = "[usr]b-luffy";
    private static final String NAMI = "[usr]a-nami";
    private static final String PAIR = ContactIds.of(LUFFY, NAMI);

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
}

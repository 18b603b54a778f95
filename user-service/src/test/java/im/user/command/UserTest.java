package im.user.command;

import im.platform.web.DomainException;
import im.user.api.ChangeProfile;
import im.user.api.DeleteUser;
import im.user.api.RegisterUser;
import im.user.api.UserDeleted;
import im.user.api.UserPasswordChanged;
import im.user.api.UserProfileChanged;
import im.user.api.UserRegistered;
import java.time.Instant;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserTest {

    private static final String ID = "[usr]6a1f7c6e-2b0f-4c1e-9a55-0d3b7f1e2a11";
    private static final UserRegistered REGISTERED =
            new UserRegistered(ID, "luffy", "$2a$10$hash", "Straw Hat", "luffy@example.org");

    private AggregateTestFixture<User> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(User.class);
    }

    @Test
    void registeringEmitsUserRegistered() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUser(ID, "luffy", "$2a$10$hash", "Straw Hat", "luffy@example.org"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(REGISTERED);
    }

    @Test
    void missingNicknameAndEmailAreStoredAsEmpty() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUser(ID, "luffy", "$2a$10$hash", null, null))
                .expectEvents(new UserRegistered(ID, "luffy", "$2a$10$hash", "", ""));
    }

    @Test
    void registeringWithoutUsernameIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUser(ID, " ", "$2a$10$hash", "", ""))
                .expectException(DomainException.class)
                .expectExceptionMessage("username is required")
                .expectNoEvents();
    }

    @Test
    void registeringWithoutPasswordHashIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUser(ID, "luffy", "", "", ""))
                .expectException(DomainException.class)
                .expectExceptionMessage("password is required");
    }

    @Test
    void changingOneFieldEmitsTheCompleteNewProfile() {
        fixture.given(REGISTERED)
                .when(new ChangeProfile(ID, null, "Captain", null, null, null, null))
                .expectEvents(new UserProfileChanged(ID, "luffy", "Captain", "luffy@example.org", ""));
    }

    @Test
    void anAvatarChangeAloneKeepsTheRestOfTheProfile() {
        fixture.given(REGISTERED)
                .when(new ChangeProfile(ID, null, null, null, "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f.png", null, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new UserProfileChanged(ID, "luffy", "Straw Hat", "luffy@example.org",
                        "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f.png"));
    }

    @Test
    void theSameAvatarAgainEmitsNothing() {
        fixture.given(REGISTERED, new UserProfileChanged(ID, "luffy", "Straw Hat", "luffy@example.org", "a.png"))
                .when(new ChangeProfile(ID, null, null, null, "a.png", null, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void renameKeepsTheAvatar() {
        fixture.given(REGISTERED, new UserProfileChanged(ID, "luffy", "Straw Hat", "luffy@example.org", "a.png"))
                .when(new ChangeProfile(ID, "monkey", null, null, null, null, null))
                .expectEvents(new UserProfileChanged(ID, "monkey", "Straw Hat", "luffy@example.org", "a.png"));
    }

    @Test
    void aNewPasswordAlsoEmitsUserPasswordChanged() {
        fixture.given(REGISTERED)
                .when(new ChangeProfile(ID, null, "Captain", null, null, "$2a$10$new", "$2a$10$hash"))
                .expectEvents(new UserProfileChanged(ID, "luffy", "Captain", "luffy@example.org", ""),
                        new UserPasswordChanged(ID, "$2a$10$new"));
    }

    @Test
    void onlyAPasswordChangeEmitsOnlyUserPasswordChanged() {
        fixture.given(REGISTERED)
                .when(new ChangeProfile(ID, null, null, null, null, "$2a$10$new", "$2a$10$hash"))
                .expectEvents(new UserPasswordChanged(ID, "$2a$10$new"));
    }

    @Test
    void aPasswordChangeAgainstAStaleCurrentHashIsRefusedAndChangesNothing() {
        fixture.given(REGISTERED, new UserPasswordChanged(ID, "$2a$10$newer"))
                .when(new ChangeProfile(ID, null, "Captain", null, null, "$2a$10$new", "$2a$10$hash"))
                .expectException(DomainException.class)
                .expectExceptionMessage("old password is wrong")
                .expectNoEvents();
    }

    @Test
    void aPasswordChangeWithoutTheCurrentHashIsRefused() {
        fixture.given(REGISTERED)
                .when(new ChangeProfile(ID, null, null, null, null, "$2a$10$new", null))
                .expectException(DomainException.class)
                .expectExceptionMessage("old password is wrong")
                .expectNoEvents();
    }

    @Test
    void aPasswordChangeAfterAnEarlierOneNeedsTheLatestHash() {
        fixture.given(REGISTERED, new UserPasswordChanged(ID, "$2a$10$newer"))
                .when(new ChangeProfile(ID, null, null, null, null, "$2a$10$newest", "$2a$10$newer"))
                .expectEvents(new UserPasswordChanged(ID, "$2a$10$newest"));
    }

    @Test
    void aChangeThatChangesNothingEmitsNothing() {
        fixture.given(REGISTERED)
                .when(new ChangeProfile(ID, "luffy", "Straw Hat", "luffy@example.org", null, null, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void renamingToABlankNameIsRefused() {
        fixture.given(REGISTERED)
                .when(new ChangeProfile(ID, "", null, null, null, null, null))
                .expectException(DomainException.class)
                .expectNoEvents();
    }

    @Test
    void changingAnUnknownUserFails() {
        fixture.givenNoPriorActivity()
                .when(new ChangeProfile(ID, "zoro", null, null, null, null, null))
                .expectException(AggregateNotFoundException.class);
    }

    // ---- deletion ----

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.008Z");
    private static final UserDeleted DELETED = new UserDeleted(ID, "luffy", Instant.parse("2026-03-01T00:00:00Z"));

    @Test
    void deletingEmitsUserDeletedWithTheCurrentNameAndTime() {
        fixture.given(REGISTERED, new UserProfileChanged(ID, "monkey", "Straw Hat", "luffy@example.org", ""))
                .andGivenCurrentTime(NOW)
                .when(new DeleteUser(ID))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new UserDeleted(ID, "monkey", NOW));
    }

    @Test
    void deletingTwiceIsRefusedAsAnUnknownUser() {
        fixture.given(REGISTERED, DELETED)
                .when(new DeleteUser(ID))
                .expectException(DomainException.class)
                .expectExceptionMessage("user doesn't exist")
                .expectNoEvents();
    }

    @Test
    void aProfileChangeAfterDeletionIsRefused() {
        fixture.given(REGISTERED, DELETED)
                .when(new ChangeProfile(ID, null, "Ghost", null, null, null, null))
                .expectException(DomainException.class)
                .expectExceptionMessage("user doesn't exist")
                .expectNoEvents();
    }

    @Test
    void aPasswordChangeAfterDeletionIsRefusedEvenWithTheRightHash() {
        fixture.given(REGISTERED, DELETED)
                .when(new ChangeProfile(ID, null, null, null, null, "$2a$10$new", "$2a$10$hash"))
                .expectException(DomainException.class)
                .expectExceptionMessage("user doesn't exist")
                .expectNoEvents();
    }

    @Test
    void deletingAnUnknownUserFails() {
        fixture.givenNoPriorActivity()
                .when(new DeleteUser(ID))
                .expectException(AggregateNotFoundException.class);
    }
}

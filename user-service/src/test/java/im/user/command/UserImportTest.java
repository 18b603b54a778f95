package im.user.command;

import static org.assertj.core.api.Assertions.assertThat;

import im.platform.web.DomainException;
import im.user.api.ImportUser;
import im.user.api.RehashPassword;
import im.user.api.SetPasswordByAdmin;
import im.user.api.SyncImportedUser;
import im.user.api.UserAvatarUrlChanged;
import im.user.api.UserDeleted;
import im.user.api.UserImportLinked;
import im.user.api.UserPasswordChanged;
import im.user.api.UserPasswordRehashed;
import im.user.api.UserProfileChanged;
import im.user.api.UserRegistered;
import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The import commands of the User aggregate (issue 6). */
class UserImportTest {

    private static final String ID = "[usr]0b8a51f5-3f39-4d0c-9c1b-0c9b3c6a7d21";
    private static final String HASH = "$2a$04$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234";
    private static final String OTHER_HASH = "$2y$04$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ99999";
    private static final String AVATAR = "https://cdn.example.org/a/luffy.png";
    private static final UserRegistered REGISTERED = new UserRegistered(ID, "luffy", HASH, "Luffy", "l@example.org");
    private static final UserImportLinked LINKED = new UserImportLinked(ID, "hr", "e-1");

    private AggregateTestFixture<User> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(User.class);
    }

    private static SyncImportedUser sync(String username, String nickname, String email, String avatarUrl,
                                         String hash) {
        return new SyncImportedUser(ID, "hr", "e-1", username, nickname, email, avatarUrl, hash, false);
    }

    @Test
    void anImportRegistersTheAccountAndLinksIt() {
        fixture.givenNoPriorActivity()
                .when(new ImportUser(ID, "hr", "e-1", "luffy", HASH, "Luffy", "l@example.org", AVATAR))
                .expectSuccessfulHandlerExecution()
                .expectEvents(REGISTERED, LINKED, new UserAvatarUrlChanged(ID, AVATAR));
    }

    @Test
    void anImportWithoutPasswordRegistersAnAccountWithNoHash() {
        fixture.givenNoPriorActivity()
                .when(new ImportUser(ID, "hr", "e-1", "luffy", null, null, null, null))
                .expectEvents(new UserRegistered(ID, "luffy", "", "", ""), LINKED);
    }

    @Test
    void anImportNeedsSourceAndExternalId() {
        fixture.givenNoPriorActivity()
                .when(new ImportUser(ID, "hr", " ", "luffy", HASH, null, null, null))
                .expectException(DomainException.class)
                .expectExceptionMessage("external id is required")
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new ImportUser(ID, "", "e-1", "luffy", HASH, null, null, null))
                .expectExceptionMessage("source is required");
    }

    @Test
    void aSyncThatChangesNothingEmitsNothingAndAnswersFalse() {
        fixture.given(REGISTERED, LINKED, new UserAvatarUrlChanged(ID, AVATAR))
                .when(sync(null, "Luffy", "l@example.org", AVATAR, HASH))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void aSyncEmitsWhatChangedAndAnswersTrue() {
        fixture.given(REGISTERED, LINKED)
                .when(sync("monkey-d-luffy", "Captain", null, AVATAR, OTHER_HASH))
                .expectEvents(new UserProfileChanged(ID, "monkey-d-luffy", "Captain", "l@example.org", ""),
                        new UserAvatarUrlChanged(ID, AVATAR),
                        new UserPasswordChanged(ID, OTHER_HASH))
                .expectResultMessagePayload(true);
    }

    @Test
    void aSyncKeepsTheStoredAvatar() {
        fixture.given(REGISTERED, LINKED, new UserProfileChanged(ID, "luffy", "Luffy", "l@example.org", "a.png"))
                .when(sync(null, null, "new@example.org", null, null))
                .expectEvents(new UserProfileChanged(ID, "luffy", "Luffy", "new@example.org", "a.png"));
    }

    @Test
    void aSyncOfAnotherRecordIsRefused() {
        fixture.given(REGISTERED, LINKED)
                .when(new SyncImportedUser(ID, "hr", "e-2", null, "x", null, null, null, false))
                .expectException(DomainException.class)
                .expectExceptionMessage("the account is linked to another source record")
                .expectNoEvents();
        fixture.given(REGISTERED, LINKED)
                .when(new SyncImportedUser(ID, "crm", "e-1", null, "x", null, null, null, true))
                .expectExceptionMessage("the account is linked to another source record");
    }

    @Test
    void aLocalAccountIsOnlyAdoptedWhenTheSourceAllowsIt() {
        fixture.given(REGISTERED)
                .when(sync(null, "Captain", null, null, null))
                .expectException(DomainException.class)
                .expectExceptionMessage("username is taken by a local account")
                .expectNoEvents();
        fixture.given(REGISTERED)
                .when(new SyncImportedUser(ID, "hr", "e-1", null, "Luffy", null, null, null, true))
                .expectEvents(LINKED)
                .expectResultMessagePayload(true);
    }

    @Test
    void aDeletedAccountRefusesImportsAndAdminPasswords() {
        fixture.given(REGISTERED, LINKED, new UserDeleted(ID, "luffy", Instant.EPOCH))
                .when(sync(null, "Captain", null, null, null))
                .expectException(DomainException.class)
                .expectExceptionMessage("user doesn't exist");
        fixture.given(REGISTERED, new UserDeleted(ID, "luffy", Instant.EPOCH))
                .when(new SetPasswordByAdmin(ID, OTHER_HASH, "[usr]admin"))
                .expectExceptionMessage("user doesn't exist");
    }

    @Test
    void aLoginRehashesThePasswordAgainstTheHashItCheckedOnly() {
        String rehashed = "$2a$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01236";
        fixture.given(REGISTERED, LINKED)
                .when(new RehashPassword(ID, HASH, rehashed))
                .expectEvents(new UserPasswordRehashed(ID, rehashed))
                .expectResultMessagePayload(true);
        fixture.given(REGISTERED, LINKED, new UserPasswordChanged(ID, OTHER_HASH))
                .when(new RehashPassword(ID, HASH, rehashed))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
        fixture.given(new UserRegistered(ID, "luffy", "", "", ""), LINKED)
                .when(new RehashPassword(ID, "", rehashed))
                .expectNoEvents();
        fixture.given(REGISTERED, new UserDeleted(ID, "luffy", Instant.EPOCH))
                .when(new RehashPassword(ID, HASH, rehashed))
                .expectException(DomainException.class)
                .expectExceptionMessage("user doesn't exist");
        assertThat(new RehashPassword(ID, HASH, rehashed).toString()).doesNotContain("$2a$");
        assertThat(new UserPasswordRehashed(ID, rehashed).toString()).doesNotContain("$2a$");
    }

    @Test
    void aSourceStillSendingTheHashALoginRehashedChangesNothingUntilItSendsAnother() {
        String rehashed = "$2a$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01236";
        String again = "$2a$11$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01236";
        fixture.given(REGISTERED, LINKED, new UserPasswordRehashed(ID, rehashed), new UserPasswordRehashed(ID, again))
                .when(sync(null, null, null, null, HASH))
                .expectNoEvents()
                .expectResultMessagePayload(false);
        fixture.given(REGISTERED, LINKED, new UserPasswordRehashed(ID, rehashed))
                .when(sync(null, null, null, null, OTHER_HASH))
                .expectEvents(new UserPasswordChanged(ID, OTHER_HASH));
        // a real change in between: the source's old hash is a change again
        fixture.given(REGISTERED, LINKED, new UserPasswordRehashed(ID, rehashed),
                        new UserPasswordChanged(ID, OTHER_HASH))
                .when(sync(null, null, null, null, HASH))
                .expectEvents(new UserPasswordChanged(ID, HASH));
    }

    @Test
    void anAdminSetsAPasswordWithoutTheOldOne() {
        fixture.given(new UserRegistered(ID, "luffy", "", "", ""), LINKED)
                .when(new SetPasswordByAdmin(ID, OTHER_HASH, "[usr]admin"))
                .expectEvents(new UserPasswordChanged(ID, OTHER_HASH));
        fixture.given(REGISTERED)
                .when(new SetPasswordByAdmin(ID, " ", "[usr]admin"))
                .expectException(DomainException.class)
                .expectExceptionMessage("password is required");
    }

    @Test
    void importCommandsNeverShowHashesInTheirText() {
        org.assertj.core.api.Assertions.assertThat(
                        new ImportUser(ID, "hr", "e-1", "luffy", HASH, null, null, null).toString()
                                + sync(null, null, null, null, HASH) + new SetPasswordByAdmin(ID, HASH, "a"))
                .doesNotContain("$2a$");
    }
}

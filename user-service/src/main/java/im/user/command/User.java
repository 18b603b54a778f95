package im.user.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import im.platform.web.DomainException;
import im.user.api.ChangeProfile;
import im.user.api.DeleteUser;
import im.user.api.ImportErrors;
import im.user.api.ImportUser;
import im.user.api.RegisterUser;
import im.user.api.RehashPassword;
import im.user.api.SetPasswordByAdmin;
import im.user.api.SyncImportedUser;
import im.user.api.UserAvatarUrlChanged;
import im.user.api.UserDeleted;
import im.user.api.UserErrors;
import im.user.api.UserImportLinked;
import im.user.api.UserPasswordChanged;
import im.user.api.UserPasswordRehashed;
import im.user.api.UserProfileChanged;
import im.user.api.UserRegistered;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An account. Field formats (lengths, characters, e-mail shape) are checked by the web layer before a command is
 * sent; the aggregate guards what must hold whatever the caller: an identity, a name and a password hash.
 * Username uniqueness across users is a set rule, enforced by {@code UsernameClaimProjection}. Deletion is final: a
 * deleted user refuses every further command with "user doesn't exist", as if it had never been.
 *
 * <p>Imported accounts (issue 6) are linked to one record of one external source ({@link UserImportLinked}); their
 * password hash may be empty (no password: login refuses every password until one is set) and they may carry an
 * avatar link ({@link UserAvatarUrlChanged}) beside the stored avatar.
 *
 * <p>A login re-hashes a password stored at another BCrypt cost ({@link UserPasswordRehashed}, same password); the
 * hash that re-hashing replaced is remembered until the next real change, so an import that still sends that hash
 * changes nothing.
 */
@Aggregate
public class User {

    @AggregateIdentifier
    private String uuid;
    private String username;
    private String nickname;
    private String email;
    private String avatar;
    private String avatarUrl = "";
    private String passwordHash;
    /** The hash the first re-hash since the last real password change replaced; {@code null}: none since. */
    private String rehashedFrom;
    private String importSource;
    private String importExternalId;
    private boolean deleted;

    protected User() {
        // for Axon
    }

    @CommandHandler
    public User(RegisterUser command) {
        requireText(command.uuid(), "user id is required");
        requireText(command.username(), "username is required");
        requireText(command.passwordHash(), "password is required");
        apply(new UserRegistered(command.uuid(), command.username(), command.passwordHash(),
                orEmpty(command.nickname()), orEmpty(command.email())));
    }

    /** An account for a record of an external source, linked to it; without a password hash it cannot log in yet. */
    @CommandHandler
    public User(ImportUser command) {
        requireText(command.uuid(), "user id is required");
        requireText(command.username(), "username is required");
        requireText(command.source(), ImportErrors.SOURCE_REQUIRED);
        requireText(command.externalId(), ImportErrors.EXTERNAL_ID_REQUIRED);
        apply(new UserRegistered(command.uuid(), command.username(), orEmpty(command.passwordHash()),
                orEmpty(command.nickname()), orEmpty(command.email())));
        apply(new UserImportLinked(command.uuid(), command.source(), command.externalId()));
        if (command.avatarUrl() != null && !command.avatarUrl().isEmpty()) {
            apply(new UserAvatarUrlChanged(command.uuid(), command.avatarUrl()));
        }
    }

    /**
     * Emits the complete new profile when any of it changes, and the new password hash when one is given; a
     * change that changes nothing emits nothing. A password change must name the current password hash (the one
     * the old password was verified against), so a stale check can never replace a newer password.
     */
    @CommandHandler
    public void handle(ChangeProfile command) {
        requireNotDeleted();
        if (command.username() != null) {
            requireText(command.username(), "username is required");
        }
        if (command.newPasswordHash() != null) {
            requireText(command.newPasswordHash(), "password is required");
            if (!Objects.equals(command.currentPasswordHash(), passwordHash)) {
                throw new DomainException(UserErrors.OLD_PASSWORD_WRONG);
            }
        }
        String newUsername = command.username() != null ? command.username() : username;
        String newNickname = command.nickname() != null ? command.nickname() : nickname;
        String newEmail = command.email() != null ? command.email() : email;
        String newAvatar = command.avatar() != null ? command.avatar() : avatar;
        if (!Objects.equals(newUsername, username) || !Objects.equals(newNickname, nickname)
                || !Objects.equals(newEmail, email) || !Objects.equals(newAvatar, avatar)) {
            apply(new UserProfileChanged(uuid, newUsername, newNickname, newEmail, newAvatar));
        }
        if (command.newPasswordHash() != null) {
            apply(new UserPasswordChanged(uuid, command.newPasswordHash()));
        }
    }

    /**
     * Applies what changed of an imported record: the link (when a local account is adopted), the profile, the avatar
     * link and the password; nothing when nothing changed. Answers whether anything was emitted.
     */
    @CommandHandler
    public boolean handle(SyncImportedUser command) {
        requireNotDeleted();
        requireText(command.source(), ImportErrors.SOURCE_REQUIRED);
        requireText(command.externalId(), ImportErrors.EXTERNAL_ID_REQUIRED);
        if (command.username() != null) {
            requireText(command.username(), "username is required");
        }
        if (command.newPasswordHash() != null) {
            requireText(command.newPasswordHash(), "password is required");
        }
        boolean changed = false;
        if (importSource == null) {
            if (!command.adoptLocalAccount()) {
                throw new DomainException(ImportErrors.USERNAME_TAKEN_LOCAL);
            }
            apply(new UserImportLinked(uuid, command.source(), command.externalId()));
            changed = true;
        } else if (!importSource.equals(command.source()) || !importExternalId.equals(command.externalId())) {
            throw new DomainException(ImportErrors.LINKED_TO_OTHER_RECORD);
        }
        String newUsername = command.username() != null ? command.username() : username;
        String newNickname = command.nickname() != null ? command.nickname() : nickname;
        String newEmail = command.email() != null ? command.email() : email;
        if (!Objects.equals(newUsername, username) || !Objects.equals(newNickname, nickname)
                || !Objects.equals(newEmail, email)) {
            apply(new UserProfileChanged(uuid, newUsername, newNickname, newEmail, avatar));
            changed = true;
        }
        if (command.avatarUrl() != null && !command.avatarUrl().equals(avatarUrl)) {
            apply(new UserAvatarUrlChanged(uuid, command.avatarUrl()));
            changed = true;
        }
        if (command.newPasswordHash() != null && !command.newPasswordHash().equals(passwordHash)
                && !command.newPasswordHash().equals(rehashedFrom)) {
            apply(new UserPasswordChanged(uuid, command.newPasswordHash()));
            changed = true;
        }
        return changed;
    }

    /**
     * The same password at another BCrypt cost, after a login checked it against {@code currentPasswordHash}; nothing
     * when that is no longer the account's hash (changed meanwhile). Answers whether it was applied.
     */
    @CommandHandler
    public boolean handle(RehashPassword command) {
        requireNotDeleted();
        requireText(command.newPasswordHash(), "password is required");
        if (passwordHash == null || passwordHash.isEmpty() || !passwordHash.equals(command.currentPasswordHash())
                || passwordHash.equals(command.newPasswordHash())) {
            return false;
        }
        apply(new UserPasswordRehashed(uuid, command.newPasswordHash()));
        return true;
    }

    /** An admin sets the password, no old one needed (an imported account without one, a forgotten password). */
    @CommandHandler
    public void handle(SetPasswordByAdmin command) {
        requireNotDeleted();
        requireText(command.passwordHash(), "password is required");
        apply(new UserPasswordChanged(uuid, command.passwordHash()));
    }

    @CommandHandler
    public void handle(DeleteUser command) {
        requireNotDeleted();
        apply(new UserDeleted(uuid, username, GenericEventMessage.clock.instant()));
    }

    @EventSourcingHandler
    void on(UserRegistered event) {
        uuid = event.uuid();
        username = event.username();
        nickname = event.nickname();
        email = event.email();
        avatar = "";
        passwordHash = event.passwordHash();
    }

    @EventSourcingHandler
    void on(UserProfileChanged event) {
        username = event.username();
        nickname = event.nickname();
        email = event.email();
        avatar = event.avatar();
    }

    @EventSourcingHandler
    void on(UserImportLinked event) {
        importSource = event.source();
        importExternalId = event.externalId();
    }

    @EventSourcingHandler
    void on(UserAvatarUrlChanged event) {
        avatarUrl = orEmpty(event.avatarUrl());
    }

    @EventSourcingHandler
    void on(UserPasswordChanged event) {
        passwordHash = event.passwordHash();
        rehashedFrom = null;
    }

    @EventSourcingHandler
    void on(UserPasswordRehashed event) {
        if (rehashedFrom == null) {
            rehashedFrom = passwordHash;
        }
        passwordHash = event.passwordHash();
    }

    @EventSourcingHandler
    void on(UserDeleted event) {
        deleted = true;
    }

    private void requireNotDeleted() {
        if (deleted) {
            throw new DomainException(UserErrors.USER_NOT_FOUND);
        }
    }

    private static void requireText(String value, String message) {
        if (value == null || value.isBlank()) {
            throw new DomainException(message);
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}

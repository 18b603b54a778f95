package im.user.importing;

import im.platform.axon.DomainCommands;
import im.platform.web.DomainException;
import im.user.api.ImportErrors;
import im.user.api.ImportUser;
import im.user.api.SyncImportedUser;
import im.user.api.UserErrors;
import im.user.config.UserImportProperties;
import im.user.query.directory.DirectoryUser;
import im.user.query.directory.UserDirectory;
import im.user.query.importlinks.ImportLinks;
import im.user.query.usernameclaim.UsernameClaims;
import im.user.web.AdminAccess;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Imports one valid record: finds its account, decides what changed and sends one command, so a record is either
 * fully imported (account, profile, link, password: one command, one transaction) or not at all.
 *
 * <p>Matching: first the link of (source, external id); else the account holding the username: none, and a new
 * account is registered ({@link ImportUser}: {@code UserRegistered}, so every service learns of it like of any
 * registration, plus the link); a local account (not linked) is adopted only when the source allows it
 * ({@code adopt-local-accounts}), otherwise {@code username_taken}; an account linked to another record is
 * {@code username_taken} too. A linked account that was deleted is {@code account_deleted} (not re-created).
 * Admins are never the import's business ({@code admin_account}): a record with an admin username (it would create,
 * rename an account to, or adopt that name) or whose account (by link or by name) is an admin's is refused, so a
 * source can neither take an admin's account over nor make someone an admin.
 *
 * <p>Changes: nickname, e-mail and avatar link when the record gives them and they differ; the username when the
 * record (found by its external id) was renamed at the source; the password when the source's differs from the
 * account's (a hash by equality, a plaintext by a BCrypt check against the account's hash), or only when the account
 * has none if the source does not sync passwords. Nothing different: no command, {@code unchanged}.
 */
@Component
public class UserImporter {

    /** What happened to a record. */
    public enum Outcome { CREATED, UPDATED, UNCHANGED }

    private static final Logger log = LoggerFactory.getLogger(UserImporter.class);
    private static final String USER_ID_PREFIX = "[usr]";

    private final CommandGateway commandGateway;
    private final ImportLinks links;
    private final UsernameClaims usernameClaims;
    private final UserDirectory directory;
    private final BCryptPasswordEncoder passwordEncoder;
    private final AdminAccess admins;

    public UserImporter(CommandGateway commandGateway, ImportLinks links, UsernameClaims usernameClaims,
                        UserDirectory directory, BCryptPasswordEncoder passwordEncoder, AdminAccess admins) {
        this.commandGateway = commandGateway;
        this.links = links;
        this.usernameClaims = usernameClaims;
        this.directory = directory;
        this.passwordEncoder = passwordEncoder;
        this.admins = admins;
    }

    /**
     * Imports {@code record} of {@code source}.
     *
     * @throws RecordProblem when it could not be imported (nothing of it was stored)
     */
    public Outcome apply(UserImportProperties.Source source, SourceRecord record) {
        if (admins.isAdminUsername(record.username())) {
            throw new RecordProblem(RecordProblem.ADMIN_ACCOUNT,
                    "the username is an admin's (IM_ADMIN_USERNAMES); the import does not create, rename or adopt it");
        }
        Optional<ImportLinks.Link> link = links.find(source.name(), record.externalId());
        if (link.isPresent()) {
            refuseAdminAccount(link.get().userUuid());
            DirectoryUser user = directory.findIncludingDeleted(link.get().userUuid())
                    .orElseThrow(() -> new RecordProblem(RecordProblem.IMPORT_FAILED,
                            "the linked account is not in the directory yet; the next run retries"));
            if (user.deleted()) {
                throw new RecordProblem(RecordProblem.ACCOUNT_DELETED,
                        "the account of this record was deleted; it is not created again");
            }
            return sync(source, record, user, false);
        }
        Optional<String> holder = usernameClaims.holderOf(record.username());
        if (holder.isEmpty()) {
            return create(source, record);
        }
        refuseAdminAccount(holder.get());
        Optional<ImportLinks.Link> holderLink = links.ofUser(holder.get());
        if (holderLink.isPresent()) {
            throw new RecordProblem(RecordProblem.USERNAME_TAKEN, "username is taken by another imported account"
                    + (holderLink.get().source().equals(source.name()) ? " of this source" : ""));
        }
        if (!source.adoptLocalAccounts()) {
            throw new RecordProblem(RecordProblem.USERNAME_TAKEN, ImportErrors.USERNAME_TAKEN_LOCAL);
        }
        DirectoryUser local = directory.findByUuid(holder.get())
                .orElseThrow(() -> new RecordProblem(RecordProblem.IMPORT_FAILED,
                        "the account holding this username is not in the directory yet; the next run retries"));
        return sync(source, record, local, true);
    }

    private void refuseAdminAccount(String uuid) {
        if (admins.isAdminAccount(uuid)) {
            throw new RecordProblem(RecordProblem.ADMIN_ACCOUNT,
                    "the account is an admin's; the import does not change admin accounts");
        }
    }

    private Outcome create(UserImportProperties.Source source, SourceRecord record) {
        String hash = record.passwordHash() != null ? record.passwordHash()
                : record.password() != null ? passwordEncoder.encode(record.password()) : null;
        send(new ImportUser(USER_ID_PREFIX + UUID.randomUUID(), source.name(), record.externalId(), record.username(),
                hash, record.nickname(), record.email(), record.avatarUrl()));
        return Outcome.CREATED;
    }

    private Outcome sync(UserImportProperties.Source source, SourceRecord record, DirectoryUser user, boolean adopt) {
        String username = record.username().equals(user.username()) ? null : record.username();
        if (username != null && usernameClaims.holderOf(username).filter(h -> !h.equals(user.uuid())).isPresent()) {
            throw new RecordProblem(RecordProblem.USERNAME_TAKEN,
                    "the record was renamed to a username another account holds");
        }
        String nickname = changed(record.nickname(), user.nickname());
        String email = changed(record.email(), user.email());
        String avatarUrl = changed(record.avatarUrl(), user.avatarUrl());
        String newHash = newPasswordHash(source, record, user);
        if (!adopt && username == null && nickname == null && email == null && avatarUrl == null && newHash == null) {
            return Outcome.UNCHANGED;
        }
        Object result = send(new SyncImportedUser(user.uuid(), source.name(), record.externalId(), username, nickname,
                email, avatarUrl, newHash, adopt));
        return Boolean.TRUE.equals(result) ? Outcome.UPDATED : Outcome.UNCHANGED;
    }

    /** The hash to set, or {@code null} when the account's password stays. */
    private String newPasswordHash(UserImportProperties.Source source, SourceRecord record, DirectoryUser user) {
        if (!source.syncPasswords() && user.hasPassword()) {
            return null;
        }
        if (record.passwordHash() != null) {
            // the same hash, or the one a login re-hashed at the configured cost: the same password
            boolean same = record.passwordHash().equals(user.passwordHash())
                    || directory.passwordRehashedFrom(user.uuid()).filter(record.passwordHash()::equals).isPresent();
            return same ? null : record.passwordHash();
        }
        if (record.password() != null) {
            boolean same = user.hasPassword() && passwordEncoder.matches(record.password(), user.passwordHash());
            return same ? null : passwordEncoder.encode(record.password());
        }
        // no password at the source: the account keeps whatever it has (an admin may have set one)
        return null;
    }

    private static String changed(String fromSource, String current) {
        return fromSource == null || fromSource.equals(current == null ? "" : current) ? null : fromSource;
    }

    private Object send(Object command) {
        try {
            return commandGateway.sendAndWait(command);
        } catch (RuntimeException e) {
            RuntimeException translated = DomainCommands.translate(e, UserErrors.USER_NOT_FOUND);
            if (translated instanceof DomainException refused) {
                throw problem(refused.getMessage());
            }
            log.warn("import command {} failed: {}", command, e.toString());
            throw new RecordProblem(RecordProblem.IMPORT_FAILED,
                    "the account could not be stored (" + e.getClass().getSimpleName() + "); the next run retries");
        }
    }

    private static RecordProblem problem(String refusal) {
        return switch (refusal) {
            case UserErrors.USER_EXISTS -> new RecordProblem(RecordProblem.USERNAME_TAKEN,
                    "username is taken by another account");
            case ImportErrors.USERNAME_TAKEN_LOCAL -> new RecordProblem(RecordProblem.USERNAME_TAKEN, refusal);
            case ImportErrors.LINKED_TO_OTHER_RECORD, ImportErrors.RECORD_ALREADY_LINKED ->
                    new RecordProblem(RecordProblem.LINKED_ELSEWHERE, refusal);
            case UserErrors.USER_NOT_FOUND -> new RecordProblem(RecordProblem.ACCOUNT_DELETED,
                    "the account of this record was deleted; it is not created again");
            default -> new RecordProblem(RecordProblem.IMPORT_FAILED, refusal);
        };
    }
}

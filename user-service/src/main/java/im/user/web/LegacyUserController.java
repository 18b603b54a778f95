package im.user.web;

import im.platform.axon.ReadYourWrites;
import im.platform.security.TokenService;
import im.platform.web.ApiException;
import im.platform.web.Caller;
import im.platform.web.DomainException;
import im.platform.web.LegacyResponse;
import im.user.api.ChangeProfile;
import im.user.api.DeleteUser;
import im.user.api.RegisterUser;
import im.user.api.RehashPassword;
import im.user.api.UserErrors;
import im.user.config.UserProperties;
import im.user.query.contacts.Contacts;
import im.user.query.contacts.ContactsProjection;
import im.user.query.directory.DirectoryUser;
import im.user.query.directory.UserDirectory;
import im.user.query.directory.UserDirectoryProjection;
import im.user.query.groups.KnownGroup;
import im.user.query.groups.KnownGroups;
import im.user.query.usernameclaim.UsernameClaims;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The legacy account routes of IM-SDK-Server / go-chat: register, login, details, profile change, account deletion,
 * search by name and the contact list. Thin: validate, send a command or read a read model, answer the legacy
 * envelope.
 */
@RestController
public class LegacyUserController {

    /**
     * The group half of a search answer: the keys the stock client reads ({@code group.uuid}, {@code group.name});
     * empty values on a miss. Nothing else of the group (its notice is for members).
     */
    record GroupRef(String uuid, String name) {
        static final GroupRef EMPTY = new GroupRef("", "");

        static GroupRef of(KnownGroup group) {
            return new GroupRef(group.uuid(), group.name());
        }
    }

    record SearchResult(UserView user, GroupRef group) {
    }

    private static final Logger log = LoggerFactory.getLogger(LegacyUserController.class);
    private static final String USER_ID_PREFIX = "[usr]";
    private static final String[] ACCOUNT_PROJECTIONS =
            {UserDirectoryProjection.PROCESSING_GROUP, ContactsProjection.PROCESSING_GROUP};

    private final UserCommands commands;
    private final UserDirectory directory;
    private final UsernameClaims usernameClaims;
    private final Contacts contacts;
    private final KnownGroups knownGroups;
    private final ReadYourWrites readYourWrites;
    private final BCryptPasswordEncoder passwordEncoder;
    private final TokenService tokenService;
    private final UserInputRules rules;
    private final SessionCookie sessionCookie;
    private final int bcryptCost;
    /** Compared against for unknown usernames, so a login failure takes as long whether or not the user exists. */
    private final String dummyHash;

    public LegacyUserController(UserCommands commands, UserDirectory directory, UsernameClaims usernameClaims,
                                Contacts contacts, KnownGroups knownGroups, ReadYourWrites readYourWrites,
                                BCryptPasswordEncoder passwordEncoder, TokenService tokenService,
                                UserInputRules rules, SessionCookie sessionCookie, UserProperties properties) {
        this.commands = commands;
        this.directory = directory;
        this.usernameClaims = usernameClaims;
        this.contacts = contacts;
        this.knownGroups = knownGroups;
        this.readYourWrites = readYourWrites;
        this.passwordEncoder = passwordEncoder;
        this.tokenService = tokenService;
        this.rules = rules;
        this.sessionCookie = sessionCookie;
        this.bcryptCost = properties.bcryptCost();
        this.dummyHash = passwordEncoder.encode(UUID.randomUUID().toString());
    }

    @PostMapping("/user/register")
    LegacyResponse<UserView> register(@RequestBody LegacyRequests.Register body) {
        String username = rules.username(body.username());
        String password = rules.password(body.password());
        String nickname = rules.nickname(body.nickname());
        String email = rules.email(body.email());
        if (usernameClaims.holderOf(username).isPresent()) {
            throw new DomainException(UserErrors.USER_EXISTS);
        }
        String uuid = USER_ID_PREFIX + UUID.randomUUID();
        commands.send(new RegisterUser(uuid, username, passwordEncoder.encode(password), nickname, email));
        readYourWrites.awaitProjections(ACCOUNT_PROJECTIONS);
        return LegacyResponse.ok(UserView.self(existing(uuid)));
    }

    @PostMapping("/user/login")
    ResponseEntity<LegacyResponse<LoginView>> login(@RequestBody LegacyRequests.Login body,
                                                    HttpServletRequest request) {
        String username = body.username() == null ? "" : body.username();
        String password = body.password() == null ? "" : body.password();
        boolean usablePassword = !password.isEmpty()
                && password.getBytes(StandardCharsets.UTF_8).length <= UserInputRules.MAX_PASSWORD_BYTES;
        Optional<DirectoryUser> user = username.length() <= UserInputRules.MAX_USERNAME
                && !UserInputRules.hasControlCharacter(username)
                ? directory.findByUsername(username) : Optional.empty();
        // always one BCrypt comparison, against a dummy hash for unknown users and for imported accounts that have
        // no password yet (those can never log in until one is set)
        boolean hasPassword = user.map(DirectoryUser::hasPassword).orElse(false);
        boolean matches = passwordEncoder.matches(usablePassword ? password : "",
                hasPassword ? user.get().passwordHash() : dummyHash);
        if (!hasPassword || !usablePassword || !matches) {
            throw ApiException.business(UserErrors.LOGIN_FAILED);
        }
        DirectoryUser account = user.get();
        rehashIfOtherCost(account, password);
        TokenService.VerifiedToken token = tokenService.issue(account.uuid(), account.username());
        return ResponseEntity.ok()
                .header(HttpHeaders.SET_COOKIE, sessionCookie.of(token.token(), request).toString())
                .body(LegacyResponse.ok(LoginView.of(UserView.self(account), token.token())));
    }

    /**
     * Anyone's public profile; the e-mail only for the caller themself. A deleted account answers the legacy empty
     * user; an id that never was an account is "user doesn't exist".
     */
    @GetMapping("/user/{uuid}")
    LegacyResponse<UserView> details(Caller caller, @PathVariable String uuid) {
        DirectoryUser user = directory.findIncludingDeleted(uuid)
                .orElseThrow(() -> new DomainException(UserErrors.USER_NOT_FOUND));
        return LegacyResponse.ok(user.deleted() ? UserView.EMPTY : UserView.seenBy(user, caller.uuid()));
    }

    /**
     * Deletes the caller's account: no more login or commands, its name is free again at once, it leaves every
     * list. Answers the user object with {@code deletedAt} set.
     */
    @DeleteMapping("/user/{uuid}")
    LegacyResponse<UserView> delete(Caller caller, @PathVariable String uuid) {
        caller.requireSelf(uuid);
        existing(uuid);
        commands.send(new DeleteUser(uuid));
        readYourWrites.awaitProjections(ACCOUNT_PROJECTIONS);
        DirectoryUser deleted = directory.findIncludingDeleted(uuid)
                .orElseThrow(() -> new DomainException(UserErrors.USER_NOT_FOUND));
        return LegacyResponse.ok(UserView.self(deleted));
    }

    /**
     * Changes the caller's profile. A new password needs the current one ({@code oldPassword}): a stolen token
     * alone must not take the account over.
     */
    @PutMapping("/user/{uuid}")
    LegacyResponse<UserView> update(Caller caller, @PathVariable String uuid,
                                    @RequestBody LegacyRequests.UpdateProfile body) {
        caller.requireSelf(uuid);
        String username = body.username() == null ? null : rules.username(body.username());
        String nickname = rules.nickname(body.nickname());
        String email = rules.email(body.email());
        String password = body.password() == null ? null : rules.password(body.password());
        DirectoryUser current = existing(uuid);
        String currentPasswordHash = password == null ? null : verifiedPasswordHash(current, body.oldPassword());
        if (username != null && usernameClaims.holderOf(username).filter(holder -> !holder.equals(uuid)).isPresent()) {
            throw new DomainException(UserErrors.USER_EXISTS);
        }
        commands.send(new ChangeProfile(uuid, username, nickname, email, null,
                password == null ? null : passwordEncoder.encode(password), currentPasswordHash));
        readYourWrites.awaitProjections(ACCOUNT_PROJECTIONS);
        return LegacyResponse.ok(UserView.self(existing(uuid)));
    }

    /**
     * Exact, case-sensitive search: the existing user with that username and the first (oldest) group that is not
     * closed with that name; misses are objects with empty values.
     */
    @GetMapping("/user/name")
    LegacyResponse<SearchResult> search(Caller caller, @RequestParam(name = "name", required = false) String name) {
        UserView user = UserView.EMPTY;
        GroupRef group = GroupRef.EMPTY;
        if (name != null && !name.isEmpty() && name.length() <= UserInputRules.MAX_USERNAME * 2
                && !UserInputRules.hasControlCharacter(name)) {
            user = directory.findByUsername(name).map(found -> UserView.seenBy(found, caller.uuid()))
                    .orElse(UserView.EMPTY);
            group = knownGroups.findOpenByName(name).map(GroupRef::of).orElse(GroupRef.EMPTY);
        }
        return LegacyResponse.ok(new SearchResult(user, group));
    }

    /** The caller's contacts (not the ones they left, never a deleted account); [] if none. */
    @GetMapping("/user")
    LegacyResponse<List<UserView>> contactList(Caller caller, @RequestParam("uuid") String uuid) {
        caller.requireSelf(uuid);
        return LegacyResponse.ok(contacts.contactsOf(uuid).stream().map(UserView::publicProfile).toList());
    }

    /**
     * After a successful login: a hash of another cost than the configured one (an imported hash, or the setting
     * changed; Spring's {@code BCryptPasswordEncoder.upgradeEncoding} would only raise a lower one) is replaced by
     * the same password at the configured cost ({@link RehashPassword} -> {@code UserPasswordRehashed}), so later
     * logins cost what the setting says. A failure here does not fail the login.
     */
    private void rehashIfOtherCost(DirectoryUser account, String password) {
        OptionalInt cost = BcryptHashes.cost(account.passwordHash());
        if (cost.isEmpty() || cost.getAsInt() == bcryptCost) {
            return;
        }
        try {
            commands.send(new RehashPassword(account.uuid(), account.passwordHash(), passwordEncoder.encode(password)));
            log.debug("password of {} re-hashed from cost {} to {}", account.uuid(), cost.getAsInt(), bcryptCost);
        } catch (RuntimeException e) {
            log.warn("password of {} could not be re-hashed: {}", account.uuid(), e.getClass().getSimpleName());
        }
    }

    /** The user's current hash if {@code oldPassword} matches it; otherwise "old password is wrong". */
    private String verifiedPasswordHash(DirectoryUser user, String oldPassword) {
        boolean usable = oldPassword != null && !oldPassword.isEmpty()
                && oldPassword.getBytes(StandardCharsets.UTF_8).length <= UserInputRules.MAX_PASSWORD_BYTES;
        if (!usable || !user.hasPassword() || !passwordEncoder.matches(oldPassword, user.passwordHash())) {
            throw ApiException.business(UserErrors.OLD_PASSWORD_WRONG);
        }
        return user.passwordHash();
    }

    private DirectoryUser existing(String uuid) {
        return directory.findByUuid(uuid).orElseThrow(() -> new DomainException(UserErrors.USER_NOT_FOUND));
    }
}

package im.user.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import im.platform.web.ApiException;
import im.platform.web.Caller;
import im.user.config.AdminProperties;
import im.user.query.adminpins.AdminUsernamePins;
import im.user.query.directory.DirectoryUser;
import im.user.query.directory.UserDirectory;
import im.user.query.usernameclaim.UsernameClaims;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who is an admin: a configured id, or the account a configured username was pinned to (the first holder), never a
 * later holder of that name.
 */
class AdminAccessTest {

    /** The pins table, in memory. */
    static final class MemoryPins extends AdminUsernamePins {
        final Map<String, String> pins = new HashMap<>();

        MemoryPins() {
            super(null);
        }

        @Override
        public String pin(String username, String userUuid) {
            return pins.computeIfAbsent(username, name -> userUuid);
        }

        @Override
        public Optional<String> pinnedTo(String username) {
            return Optional.ofNullable(pins.get(username));
        }

        @Override
        public int forgetAllBut(Collection<String> usernames) {
            int before = pins.size();
            pins.keySet().retainAll(usernames);
            return before - pins.size();
        }
    }

    private final UserDirectory directory = mock(UserDirectory.class);
    private final UsernameClaims claims = mock(UsernameClaims.class);
    private final MemoryPins pins = new MemoryPins();

    private static DirectoryUser user(String uuid, String username) {
        return new DirectoryUser(1, uuid, username, "", "", "", "", "$2a$04$x", Instant.EPOCH, null);
    }

    private void account(String uuid, String username) {
        when(directory.findByUuid(uuid)).thenReturn(Optional.of(user(uuid, username)));
        when(claims.holderOf(username)).thenReturn(Optional.of(uuid));
    }

    private AdminAccess started(List<String> uuids, List<String> usernames) {
        AdminAccess access = new AdminAccess(new AdminProperties(uuids, usernames), directory, claims, pins);
        access.afterSingletonsInstantiated();
        return access;
    }

    @BeforeEach
    void noAccounts() {
        when(directory.findByUuid(org.mockito.ArgumentMatchers.anyString())).thenReturn(Optional.empty());
        when(claims.holderOf(org.mockito.ArgumentMatchers.anyString())).thenReturn(Optional.empty());
    }

    @Test
    void configuredIdsOfExistingAccountsAreAdmins() {
        account("[usr]boss", "whoever");
        AdminAccess access = started(List.of("[usr]boss", "[usr]gone"), List.of());

        assertThat(access.isAdmin(new Caller("[usr]boss", "whoever"))).isTrue();
        assertThat(access.isAdmin(new Caller("[usr]gone", "x"))).as("a deleted admin account").isFalse();
        assertThat(access.isAdmin(new Caller("[usr]bad\u0000", "root"))).isFalse();
        assertThat(access.isAdminAccount("[usr]boss")).isTrue();
        assertThatThrownBy(() -> access.requireAdmin(new Caller("[usr]other", "boss")))
                .isInstanceOf(ApiException.class).hasMessage("forbidden");
    }

    @Test
    void aUsernameHeldAtStartIsPinnedToItsAccountAndALaterHolderIsNotAnAdmin() {
        account("[usr]root", "root");
        AdminAccess access = started(List.of(), List.of("root"));
        assertThat(pins.pins).containsEntry("root", "[usr]root");
        assertThat(access.isAdmin(new Caller("[usr]root", "stale-claim"))).as("not the token's claim").isTrue();

        // the admin renames, someone else takes the name (register, rename or import)
        account("[usr]root", "formerly-root");
        account("[usr]thief", "root");
        assertThat(access.isAdmin(new Caller("[usr]thief", "root"))).isFalse();
        assertThat(access.isAdmin(new Caller("[usr]root", "formerly-root"))).as("pinned, not by name").isTrue();
        assertThat(access.isAdminAccount("[usr]thief")).isFalse();
        assertThat(access.isAdminUsername("root")).isTrue();
        assertThat(access.isAdminUsername("formerly-root")).isFalse();

        // a restart does not move the pin to the current holder
        AdminAccess restarted = started(List.of(), List.of("root"));
        assertThat(restarted.isAdmin(new Caller("[usr]thief", "root"))).isFalse();
        assertThat(restarted.isAdmin(new Caller("[usr]root", "formerly-root"))).isTrue();
    }

    @Test
    void aUsernameNobodyHeldAtStartIsPinnedToItsFirstHolderOnly() {
        AdminAccess access = started(List.of(), List.of("root"));
        assertThat(pins.pins).isEmpty();
        assertThat(access.isAdminAccount("[usr]nobody")).isFalse();

        // normally pinned by the username claim in the registering command's transaction; else on first use
        account("[usr]first", "root");
        assertThat(access.isAdmin(new Caller("[usr]first", "root"))).isTrue();
        account("[usr]first", "renamed");
        account("[usr]second", "root");
        assertThat(access.isAdmin(new Caller("[usr]second", "root"))).isFalse();
        assertThat(access.isAdmin(new Caller("[usr]first", "renamed"))).isTrue();
    }

    @Test
    void theDeletedPinnedAccountLeavesNoAdminBehindItsName() {
        account("[usr]root", "root");
        AdminAccess access = started(List.of(), List.of("root"));
        when(directory.findByUuid("[usr]root")).thenReturn(Optional.empty());
        account("[usr]next", "root");

        assertThat(access.isAdmin(new Caller("[usr]root", "root"))).isFalse();
        assertThat(access.isAdmin(new Caller("[usr]next", "root"))).isFalse();
    }

    @Test
    void pinsOfNamesNoLongerConfiguredAreForgottenAtStart() {
        pins.pins.put("old-admin", "[usr]old");
        pins.pins.put("root", "[usr]root");
        account("[usr]old", "old-admin");
        AdminAccess access = started(List.of(), List.of("root"));

        assertThat(pins.pins).containsOnlyKeys("root");
        assertThat(access.isAdmin(new Caller("[usr]old", "old-admin"))).isFalse();
    }

    @Test
    void nobodyIsAnAdminByDefault() {
        account("[usr]a", "a");
        assertThat(started(List.of(), List.of()).isAdmin(new Caller("[usr]a", "a"))).isFalse();
    }
}

package im.user.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import im.platform.web.ApiException;
import im.platform.web.Caller;
import im.user.config.AdminProperties;
import im.user.query.directory.DirectoryUser;
import im.user.query.directory.UserDirectory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who is an admin: a configured id, or the account currently holding a configured username. */
class AdminAccessTest {

    private static DirectoryUser user(String uuid, String username) {
        return new DirectoryUser(1, uuid, username, "", "", "", "", "$2a$04$x", Instant.EPOCH, null);
    }

    @Test
    void configuredIdsAndCurrentUsernamesAreAdmins() {
        UserDirectory directory = mock(UserDirectory.class);
        when(directory.findByUuid("[usr]boss")).thenReturn(Optional.of(user("[usr]boss", "whoever")));
        when(directory.findByUuid("[usr]root")).thenReturn(Optional.of(user("[usr]root", "root")));
        when(directory.findByUuid("[usr]renamed")).thenReturn(Optional.of(user("[usr]renamed", "not-root-any-more")));
        when(directory.findByUuid("[usr]gone")).thenReturn(Optional.empty());
        AdminAccess access = new AdminAccess(new AdminProperties(List.of("[usr]boss", "[usr]gone"), List.of("root")),
                directory);

        assertThat(access.isAdmin(new Caller("[usr]boss", "whoever"))).isTrue();
        assertThat(access.isAdmin(new Caller("[usr]root", "stale-claim"))).as("the directory's name counts").isTrue();
        assertThat(access.isAdmin(new Caller("[usr]renamed", "root"))).as("not the token's claim").isFalse();
        assertThat(access.isAdmin(new Caller("[usr]gone", "x"))).as("a deleted admin account").isFalse();
        assertThat(access.isAdmin(new Caller("[usr]bad\u0000", "root"))).isFalse();
        assertThatThrownBy(() -> access.requireAdmin(new Caller("[usr]renamed", "root")))
                .isInstanceOf(ApiException.class).hasMessage("forbidden");
    }

    @Test
    void nobodyIsAnAdminByDefault() {
        UserDirectory directory = mock(UserDirectory.class);
        when(directory.findByUuid("[usr]a")).thenReturn(Optional.of(user("[usr]a", "a")));
        assertThat(new AdminAccess(new AdminProperties(List.of(), List.of()), directory)
                .isAdmin(new Caller("[usr]a", "a"))).isFalse();
    }
}

package im.user.web;

import im.platform.axon.ReadYourWrites;
import im.platform.web.DomainException;
import im.user.api.ChangeProfile;
import im.user.api.UserErrors;
import im.user.query.directory.DirectoryUser;
import im.user.query.directory.UserDirectory;
import im.user.query.directory.UserDirectoryProjection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Routes for the other services, never routed by the gateway (it refuses {@code /internal/**}). Plain JSON, no
 * legacy envelope, no caller.
 */
@RestController
public class InternalUserController {

    /** The accounts deleted at or after a time. */
    record DeletedUsers(List<String> uuids) {
    }

    /** {@code PUT /internal/v1/users/{uuid}/avatar}: the stored file name of the new avatar. */
    record AvatarChange(String avatar) {
    }

    /** A changed avatar, as the user now has it. */
    record AvatarChanged(String uuid, String avatar) {
    }

    /** 9999-12-31T23:59:59.999Z: later times cannot be stored, and nothing was deleted after them. */
    private static final long MAX_SINCE_MS = 253_402_300_799_999L;
    /**
     * An avatar is a file name of media-service ({@code <uuid>.<ext>}); accepted: 1 to 100 characters of letters,
     * digits, {@code - _ .}, starting with a letter or digit, no {@code ..}. Clients build {@code /file/<avatar>}
     * from it, so nothing that changes the path may pass.
     */
    private static final Pattern AVATAR = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final UserDirectory directory;
    private final UserCommands commands;
    private final ReadYourWrites readYourWrites;

    public InternalUserController(UserDirectory directory, UserCommands commands, ReadYourWrites readYourWrites) {
        this.directory = directory;
        this.commands = commands;
        this.readYourWrites = readYourWrites;
    }

    /**
     * The uuids of the accounts deleted at or after {@code sinceMs} (epoch milliseconds; 0 or absent: all), oldest
     * deletion first. The gateway loads them at start to refuse their tokens that have not expired yet.
     */
    @GetMapping("/internal/v1/users/deleted")
    DeletedUsers deleted(@RequestParam(name = "sinceMs", defaultValue = "0") long sinceMs) {
        return new DeletedUsers(directory.deletedSince(Instant.ofEpochMilli(Math.min(Math.max(sinceMs, 0), MAX_SINCE_MS))));
    }

    /**
     * Sets a user's avatar (media-service, after storing an uploaded picture): {@code ChangeProfile} with only the
     * avatar, so {@code UserProfileChanged} reaches every service. 200 {@code {uuid, avatar}} (also when it was the
     * avatar already: nothing is emitted then); 400 {@code bad_avatar}; 404 {@code user_not_found}; 410
     * {@code user_deleted}. Answers once the user directory shows the new avatar.
     */
    @PutMapping("/internal/v1/users/{uuid}/avatar")
    ResponseEntity<?> changeAvatar(@PathVariable String uuid, @RequestBody AvatarChange body) {
        String avatar = body == null ? null : body.avatar();
        if (avatar == null || !AVATAR.matcher(avatar).matches() || avatar.contains("..")) {
            return error(400, "bad_avatar", "avatar must be a stored file name");
        }
        Optional<DirectoryUser> user = directory.findIncludingDeleted(uuid);
        if (user.isEmpty()) {
            return error(404, "user_not_found", UserErrors.USER_NOT_FOUND);
        }
        if (user.get().deleted()) {
            return error(410, "user_deleted", UserErrors.USER_NOT_FOUND);
        }
        try {
            commands.send(new ChangeProfile(uuid, null, null, null, avatar, null, null));
        } catch (DomainException e) {
            // deleted (or never stored) between the lookup and the command
            return error(410, "user_deleted", e.getMessage());
        }
        readYourWrites.awaitProjections(UserDirectoryProjection.PROCESSING_GROUP);
        return ResponseEntity.ok(new AvatarChanged(uuid, avatar));
    }

    private static ResponseEntity<Map<String, String>> error(int status, String code, String detail) {
        return ResponseEntity.status(status).body(Map.of("code", code, "detail", detail));
    }
}

package im.user.web;

import im.user.query.directory.UserDirectory;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
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

    /** 9999-12-31T23:59:59.999Z: later times cannot be stored, and nothing was deleted after them. */
    private static final long MAX_SINCE_MS = 253_402_300_799_999L;

    private final UserDirectory directory;

    public InternalUserController(UserDirectory directory) {
        this.directory = directory;
    }

    /**
     * The uuids of the accounts deleted at or after {@code sinceMs} (epoch milliseconds; 0 or absent: all), oldest
     * deletion first. The gateway loads them at start to refuse their tokens that have not expired yet.
     */
    @GetMapping("/internal/v1/users/deleted")
    DeletedUsers deleted(@RequestParam(name = "sinceMs", defaultValue = "0") long sinceMs) {
        return new DeletedUsers(directory.deletedSince(Instant.ofEpochMilli(Math.min(Math.max(sinceMs, 0), MAX_SINCE_MS))));
    }
}

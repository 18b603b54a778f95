package im.user.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** The legacy JSON shapes of the contact routes. Timestamps are RFC 3339 in UTC. */
final class ContactViews {

    private ContactViews() {
    }

    static String time(Instant at) {
        return at == null ? null : DateTimeFormatter.ISO_INSTANT.format(at);
    }

    /**
     * An item of {@code GET /interact} (IM-SDK's UserAndGroupListItem): a user ({@code Name} empty) or a group
     * ({@code username} and {@code avatar} empty, {@code Name} the group's name). Note the capital N.
     */
    record InteractItem(long id, String uuid, String username, String avatar, @JsonProperty("Name") String name) {
    }

    /** The answer of {@code DELETE /interact}: the query echoed, with Go's capitalised keys. */
    record InteractEcho(@JsonProperty("Uuid") String uuid, @JsonProperty("InteractWith") String interactWith) {
    }

    /**
     * IM-SDK's AllUserInteract row: the relationship of {@code userUuid} with a user or a group.
     *
     * @param deletedAt {@code null} while active; the time it ended otherwise
     * @param interactWith the other user's username or the group's name
     */
    record AllUserInteract(long id, String createdAt, String deletedAt, String userUuid, String username,
                           String interactWithUuid, String interactWith) {
    }
}

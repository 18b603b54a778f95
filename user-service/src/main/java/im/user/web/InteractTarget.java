package im.user.web;

import im.user.query.groups.KnownGroups;
import java.util.List;
import java.util.UUID;

/**
 * What {@code interactWithUuid} of the {@code /all-interact} routes names: a user or a group.
 * <ul>
 *   <li>{@code [grp]} + UUID: a group ({@code [grp]} + anything else: no group);</li>
 *   <li>{@code [usr]} + anything: a user;</li>
 *   <li>a bare UUID: the group {@code [grp]<uuid>} if user-service knows that group, otherwise a user
 *       ({@code [usr]<uuid>}, or the bare UUID as stored for imported accounts);</li>
 *   <li>anything else (including more than 100 characters or control characters): no user.</li>
 * </ul>
 *
 * @param group      whether it names a group
 * @param candidates the ids to look up, in order (the canonical group id for a group); empty: nothing to find
 */
record InteractTarget(boolean group, List<String> candidates) {

    static final String USER_PREFIX = "[usr]";
    static final String GROUP_PREFIX = "[grp]";
    private static final int MAX_LENGTH = 100;

    static InteractTarget of(String id, KnownGroups knownGroups) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            return new InteractTarget(false, List.of());
        }
        if (id.startsWith(GROUP_PREFIX)) {
            String uuid = canonicalUuid(id.substring(GROUP_PREFIX.length()));
            return new InteractTarget(true, uuid == null ? List.of() : List.of(GROUP_PREFIX + uuid));
        }
        if (id.startsWith(USER_PREFIX)) {
            return new InteractTarget(false, List.of(id));
        }
        String bare = canonicalUuid(id);
        if (bare == null) {
            return new InteractTarget(false, List.of(id));
        }
        if (knownGroups.findByUuid(GROUP_PREFIX + bare).isPresent()) {
            return new InteractTarget(true, List.of(GROUP_PREFIX + bare));
        }
        return new InteractTarget(false, List.of(USER_PREFIX + bare, id));
    }

    /** The lower-case UUID text, or {@code null} if {@code text} is not a UUID in its 36-character form. */
    private static String canonicalUuid(String text) {
        if (text.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(text).toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

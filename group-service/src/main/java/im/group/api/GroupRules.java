package im.group.api;

import im.platform.web.DomainException;
import java.util.UUID;

/**
 * Field rules of a group, checked by the aggregate (so they hold whoever sends the command). Counts are Unicode
 * code points. Control characters: C0 is refused except tab, LF and CR (PostgreSQL refuses NUL, and an event
 * carrying one would stall the projections), and so are DEL and C1.
 */
public final class GroupRules {

    public static final int MAX_NAME = 64;
    public static final int MAX_NOTICE = 350;
    public static final String PREFIX = "[grp]";

    private GroupRules() {
    }

    public static String name(String name) {
        if (name == null || name.isBlank()) {
            throw new DomainException(GroupErrors.NAME_REQUIRED);
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME) {
            throw new DomainException(GroupErrors.NAME_TOO_LONG);
        }
        if (hasControlCharacter(name)) {
            throw new DomainException(GroupErrors.NAME_CONTROL);
        }
        return name;
    }

    /** Optional; {@code null} is the empty notice. */
    public static String notice(String notice) {
        if (notice == null) {
            return "";
        }
        if (notice.codePointCount(0, notice.length()) > MAX_NOTICE) {
            throw new DomainException(GroupErrors.NOTICE_TOO_LONG);
        }
        if (hasControlCharacter(notice)) {
            throw new DomainException(GroupErrors.NOTICE_CONTROL);
        }
        return notice;
    }

    /** A control character other than tab, LF or CR. */
    public static boolean hasControlCharacter(String value) {
        return value != null && value.codePoints()
                .anyMatch(c -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r');
    }

    /** A new group id: {@code [grp]} + UUIDv4. */
    public static String newGroupUuid() {
        return PREFIX + UUID.randomUUID();
    }

    /**
     * The canonical group id for an id read from a request: {@code [grp]<uuid>} as is, a bare UUID gets the
     * prefix; anything else is no group ({@code null}).
     */
    public static String canonicalGroupUuid(String id) {
        if (id == null || id.length() > 64) {
            return null;
        }
        String bare = id.startsWith(PREFIX) ? id.substring(PREFIX.length()) : id;
        try {
            UUID parsed = UUID.fromString(bare);
            return bare.length() == 36 ? PREFIX + parsed : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

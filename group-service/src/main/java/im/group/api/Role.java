package im.group.api;

import java.util.Locale;

/** A member's role; its wire name is the lower-case name. */
public enum Role {
    OWNER, ADMIN, MEMBER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code admin} or {@code member} (case-insensitive); anything else, the owner included, is {@code null}. */
    public static Role assignable(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "admin" -> ADMIN;
            case "member" -> MEMBER;
            default -> null;
        };
    }

    public static Role fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}

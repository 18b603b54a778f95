package im.media.api;

/** Why a file was stored: a file sent in a chat frame, or a user's avatar. */
public enum FileKind {
    CHAT("chat"),
    AVATAR("avatar");

    private final String wireName;

    FileKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the read model and on {@code im.media.events.v1}. */
    public String wireName() {
        return wireName;
    }

    public static FileKind fromWireName(String wireName) {
        for (FileKind kind : values()) {
            if (kind.wireName.equals(wireName)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown file kind " + wireName);
    }
}

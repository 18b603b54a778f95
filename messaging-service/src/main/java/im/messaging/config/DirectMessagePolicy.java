package im.messaging.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Who may send a 1:1 message to whom ({@code im.messaging.direct-message-policy}). */
public enum DirectMessagePolicy {
    /** Only users who are each other's active contacts (both directions). */
    CONTACTS_ONLY("contacts-only"),
    /** Anyone to any existing user. */
    OPEN("open");

    private final String setting;

    DirectMessagePolicy(String setting) {
        this.setting = setting;
    }

    /** The value of the setting. */
    public String setting() {
        return setting;
    }

    /**
     * The policy a setting names, exactly as written ({@code contacts-only} or {@code open}).
     *
     * @throws IllegalArgumentException for anything else, naming the setting and the valid values
     */
    public static DirectMessagePolicy fromSetting(String value) {
        return Arrays.stream(values())
                .filter(policy -> policy.setting.equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "im.messaging.direct-message-policy (IM_DIRECT_MESSAGE_POLICY) must be one of "
                                + Arrays.stream(values()).map(DirectMessagePolicy::setting)
                                        .collect(Collectors.joining(", "))
                                + ", not '" + value + "'"));
    }
}

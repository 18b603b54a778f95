package im.gateway.ws;

import im.proto.Message;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What one socket asked for in its handshake ({@code docs/protocol.md}):
 * {@code GET /socket.io?user=..[&v=2][&features=lifecycle,receipts,typing][&since=<inboxSeq>]}.
 *
 * <ul>
 *   <li>{@code v}: {@code 2} is a client that knows every frame and acknowledges what it processed with ack frames
 *       ({@link #clientAcks}: the gateway sends no hand-off receipts for it) and implies every {@link Feature}.
 *       Anything else (absent, {@code 1}, an unknown version) is a legacy client: hand-off receipts, only the
 *       features it names.</li>
 *   <li>{@code features}: comma-separated opt-ins (case and blanks ignored); unknown names are ignored, so a
 *       client may name features a newer gateway knows.</li>
 *   <li>{@code since}: the highest {@code inboxSeq} the device processed, a decimal number from 0 up; the socket
 *       resumes after it instead of after the user's delivery cursor. Anything else (empty, signed, not a number,
 *       above {@link Long#MAX_VALUE}) is refused: {@link #parse} throws and the handshake is answered 400.</li>
 * </ul>
 *
 * <p>{@link #accepts} is the outbound filter: a frame of a kind the socket did not opt into is not written to it.
 *
 * @param clientAcks whether the client confirms processed frames itself (ack frames) instead of hand-off receipts
 * @param features   the frame kinds the socket opted into beyond messages, acks and errors
 * @param since      where the socket resumes its inbox, if the client said so
 */
public record SocketProfile(boolean clientAcks, Set<Feature> features, OptionalLong since) {

    /** A legacy client (go-chat-web): no opt-ins, hand-off receipts, resume after the delivery cursor. */
    public static final SocketProfile LEGACY = new SocketProfile(false, Set.of(), OptionalLong.empty());

    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,19}");

    /** The opt-in frame kinds and the outbound frame {@code type}s each one lets through. */
    public enum Feature {
        /** {@code edit}, {@code delete} and {@code hide} frames. */
        LIFECYCLE("lifecycle"),
        /** {@code read} frames (a participant's read position). */
        RECEIPTS("receipts"),
        /** {@code typing} frames. */
        TYPING("typing");

        private final String wireName;

        Feature(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** The feature an outbound frame of {@code type} needs; null for frames every socket gets. */
        static Feature neededFor(String type) {
            return switch (type) {
                case "edit", "delete", "hide" -> LIFECYCLE;
                case "read" -> RECEIPTS;
                case "typing" -> TYPING;
                default -> null;
            };
        }
    }

    /** Thrown by {@link #parse} and {@link #of} for a {@code since} that is not a decimal number from 0 up. */
    public static final class BadSince extends IllegalArgumentException {
        public BadSince(String value) {
            super("since must be a decimal number from 0 up, not '" + value + "'");
        }
    }

    public SocketProfile {
        features = Set.copyOf(features);
    }

    /**
     * The profile of a handshake URI's query: the first {@code v}, {@code features} and {@code since}, decoded as
     * the request's query parameters are (a value that cannot be decoded is absent, a {@code since} refused).
     *
     * @throws BadSince when {@code since} is present but not a decimal number from 0 up
     */
    public static SocketProfile of(URI handshake) {
        MultiValueMap<String, String> raw = UriComponentsBuilder.fromUri(handshake).build().getQueryParams();
        String since = raw.getFirst("since");
        String decodedSince = decode(since);
        if (raw.containsKey("since") && decodedSince == null) {
            throw new BadSince(since == null ? "" : since); // no value, or one that cannot be decoded
        }
        return parse(decode(raw.getFirst("v")), decode(raw.getFirst("features")), decodedSince);
    }

    private static String decode(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /**
     * The profile of the handshake query parameters (each null when absent).
     *
     * @throws BadSince when {@code since} is present but not a decimal number from 0 up
     */
    public static SocketProfile parse(String v, String features, String since) {
        boolean v2 = v != null && v.trim().equals("2");
        Set<Feature> opted = EnumSet.noneOf(Feature.class);
        if (v2) {
            opted.addAll(EnumSet.allOf(Feature.class));
        } else if (features != null) {
            for (String name : features.split(",")) {
                String wanted = name.trim().toLowerCase(Locale.ROOT);
                for (Feature feature : Feature.values()) {
                    if (feature.wireName.equals(wanted)) {
                        opted.add(feature);
                    }
                }
            }
        }
        return new SocketProfile(v2, opted, parseSince(since));
    }

    private static OptionalLong parseSince(String since) {
        if (since == null) {
            return OptionalLong.empty();
        }
        if (!DECIMAL.matcher(since).matches()) {
            throw new BadSince(since);
        }
        try {
            return OptionalLong.of(Long.parseLong(since));
        } catch (NumberFormatException tooLarge) {
            throw new BadSince(since);
        }
    }

    /** Whether a frame of this kind is written to the socket (messages, acks, errors and unknown kinds always). */
    public boolean accepts(Message frame) {
        Feature needed = Feature.neededFor(frame.getType());
        return needed == null || features.contains(needed);
    }
}

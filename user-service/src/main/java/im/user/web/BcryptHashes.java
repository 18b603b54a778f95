package im.user.web;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of a BCrypt hash as Spring Security's {@code BCrypt} writes it, checked strictly: version {@code 2a},
 * {@code 2b} or {@code 2y}, a two-digit cost, 22 characters of salt and 31 of hash in BCrypt's base64
 * ({@code ./A-Za-z0-9}). The salt is 16 bytes, so the last of its 22 characters holds 2 bits and its 4 low bits are
 * zero: one of {@code . O e u}; the hash is 23 bytes, so the last of its 31 characters holds 4 bits and its 2 low bits
 * are zero: one of {@code . C G K O S W a e i m q u y 2 6}. Any other final character decodes to the same bytes but
 * is never written back, so such a hash could never match a password.
 */
public final class BcryptHashes {

    private static final Pattern BCRYPT = Pattern.compile(
            "\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{21}[.Oeu][./A-Za-z0-9]{30}[.CGKOSWaeimquy26]");

    private BcryptHashes() {
    }

    /** The cost of a well-formed hash; empty for anything else. */
    public static OptionalInt cost(String hash) {
        if (hash == null) {
            return OptionalInt.empty();
        }
        Matcher matcher = BCRYPT.matcher(hash);
        return matcher.matches() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
    }

    /**
     * The highest cost accepted from outside (an imported hash): two above the configured one, at least 12. One login
     * of such an account costs at most that once; it is then re-hashed at the configured cost.
     */
    public static int maxAcceptedCost(int configuredCost) {
        return Math.max(configuredCost + 2, 12);
    }
}

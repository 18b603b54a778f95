package im.user.web;

import im.platform.web.ApiException;
import im.user.config.UserProperties;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Field rules of the account routes. Every value has a limit, and a refusal names the field, so bad input gets a
 * clear error before any command is sent. No stored text field (username, nickname, e-mail) may contain a control
 * character (C0 including NUL, DEL, C1): PostgreSQL text columns refuse NUL, and an event carrying one would stall
 * the projections.
 */
@Component
public class UserInputRules {

    public static final int MAX_USERNAME = 64;
    public static final int MAX_NICKNAME = 64;
    public static final int MAX_EMAIL = 254;
    /** BCrypt uses only the first 72 bytes; longer passwords are refused rather than silently truncated. */
    public static final int MAX_PASSWORD_BYTES = 72;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final int passwordMinLength;

    public UserInputRules(UserProperties properties) {
        this.passwordMinLength = properties.passwordMinLength();
    }

    /** 1 to 64 characters, no white space or control characters. */
    public String username(String username) {
        if (username == null || username.isEmpty()) {
            throw ApiException.business("username is required");
        }
        int length = username.codePointCount(0, username.length());
        if (length > MAX_USERNAME) {
            throw ApiException.business("username must be at most " + MAX_USERNAME + " characters");
        }
        boolean bad = hasControlCharacter(username) || username.codePoints().anyMatch(c -> Character.isWhitespace(c)
                || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT);
        if (bad) {
            throw ApiException.business("username must not contain spaces or control characters");
        }
        return username;
    }

    public String password(String password) {
        if (password == null || password.codePointCount(0, password.length()) < passwordMinLength) {
            throw ApiException.business("password must be at least " + passwordMinLength + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw ApiException.business("password must be at most " + MAX_PASSWORD_BYTES + " bytes");
        }
        return password;
    }

    /** Optional; {@code null} stays {@code null}. */
    public String nickname(String nickname) {
        if (nickname != null) {
            if (nickname.codePointCount(0, nickname.length()) > MAX_NICKNAME) {
                throw ApiException.business("nickname must be at most " + MAX_NICKNAME + " characters");
            }
            if (hasControlCharacter(nickname)) {
                throw ApiException.business("nickname must not contain control characters");
            }
        }
        return nickname;
    }

    /** Optional; empty is allowed (no e-mail), anything else must look like an address. */
    public String email(String email) {
        if (email != null && !email.isEmpty()) {
            if (email.length() > MAX_EMAIL) {
                throw ApiException.business("email must be at most " + MAX_EMAIL + " characters");
            }
            if (hasControlCharacter(email)) {
                throw ApiException.business("email must not contain control characters");
            }
            if (!EMAIL.matcher(email).matches()) {
                throw ApiException.business("email is not a valid address");
            }
        }
        return email;
    }

    /**
     * Whether a value holds a control character. Such a value is refused on write and can never match a stored
     * one, so lookups skip it instead of sending it to the database (which refuses NUL).
     */
    public static boolean hasControlCharacter(String value) {
        return value != null && value.codePoints().anyMatch(Character::isISOControl);
    }
}

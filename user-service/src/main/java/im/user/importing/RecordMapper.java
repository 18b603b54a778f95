package im.user.importing;

import im.platform.web.ApiException;
import im.user.config.UserImportProperties;
import im.user.web.BcryptHashes;
import im.user.web.UserInputRules;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.OptionalInt;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/**
 * Maps one record of a source (a JSON object) to a {@link SourceRecord} by the source's JSON Pointers, with the same
 * field rules as registration ({@link UserInputRules}); a record that breaks one is refused with a
 * {@link RecordProblem} naming the field. Rules of its own:
 * <ul>
 *   <li>a pointer that finds nothing (or JSON null) means "not given": the account keeps its value; an empty string
 *       clears nickname, e-mail and avatar link;</li>
 *   <li>the external id is a string or an integer (1..256 characters, no control characters); without an external
 *       id pointer the username is the id;</li>
 *   <li>an empty password or hash is no password; a hash must be a well-formed BCrypt hash ({@code $2a$},
 *       {@code $2b$}, {@code $2y$}, canonical salt and hash, {@link BcryptHashes}) with a cost from 4 to
 *       {@link BcryptHashes#maxAcceptedCost} of the configured cost (a higher one would make logins of that account
 *       a way to burn CPU; the first login re-hashes it at the configured cost); when a record has both, the hash
 *       wins;</li>
 *   <li>the avatar link is an absolute http(s) URL (at most 2048 characters, no user info, no white space or
 *       control characters); it is kept as a link, never fetched.</li>
 * </ul>
 */
public final class RecordMapper {

    public static final int MAX_EXTERNAL_ID = 256;
    public static final int MAX_AVATAR_URL = 2048;
    private static final int MIN_HASH_COST = 4;

    private final UserInputRules rules;
    private final int maxHashCost;
    private final JsonPointer externalId;
    private final JsonPointer username;
    private final JsonPointer password;
    private final JsonPointer passwordHash;
    private final JsonPointer nickname;
    private final JsonPointer email;
    private final JsonPointer avatarUrl;
    private final String usernamePath;
    private final String externalIdPath;

    /**
     * @param bcryptCost the configured BCrypt cost ({@code IM_BCRYPT_COST}): imported hashes may be at most
     *                   {@link BcryptHashes#maxAcceptedCost} of it
     */
    public RecordMapper(UserImportProperties.Fields fields, UserInputRules rules, int bcryptCost) {
        this.rules = rules;
        this.maxHashCost = BcryptHashes.maxAcceptedCost(bcryptCost);
        this.externalId = pointer(fields.externalId());
        this.username = pointer(fields.username());
        this.password = pointer(fields.password());
        this.passwordHash = pointer(fields.passwordHash());
        this.nickname = pointer(fields.nickname());
        this.email = pointer(fields.email());
        this.avatarUrl = pointer(fields.avatarUrl());
        this.usernamePath = fields.username();
        this.externalIdPath = fields.externalId();
    }

    /**
     * The record, mapped and checked.
     *
     * @throws RecordProblem when it cannot be imported
     */
    public SourceRecord map(JsonNode item) {
        if (item == null || !item.isObject()) {
            throw new RecordProblem(RecordProblem.NOT_AN_OBJECT, "the record is not a JSON object");
        }
        String rawName = text(item, username, "username", RecordProblem.INVALID_USERNAME);
        if (rawName == null || rawName.isEmpty()) {
            throw new RecordProblem(RecordProblem.MISSING_USERNAME, "username is missing (" + usernamePath + ")");
        }
        String mappedId = externalId == null ? null : externalId(item);
        String name = check(() -> rules.username(rawName), RecordProblem.INVALID_USERNAME);
        String id = mappedId == null ? name : mappedId;

        String plain = text(item, password, "password", RecordProblem.INVALID_PASSWORD);
        String hash = text(item, passwordHash, "password hash", RecordProblem.INVALID_PASSWORD_HASH);
        if (hash != null && hash.isEmpty()) {
            hash = null;
        }
        if (plain != null && plain.isEmpty()) {
            plain = null;
        }
        if (hash != null) {
            checkHash(hash);
            plain = null;
        } else if (plain != null) {
            String candidate = plain;
            check(() -> rules.password(candidate), RecordProblem.INVALID_PASSWORD);
        }

        String nick = text(item, nickname, "nickname", RecordProblem.INVALID_NICKNAME);
        if (nick != null) {
            check(() -> rules.nickname(nick), RecordProblem.INVALID_NICKNAME);
        }
        String mail = text(item, email, "email", RecordProblem.INVALID_EMAIL);
        if (mail != null) {
            check(() -> rules.email(mail), RecordProblem.INVALID_EMAIL);
        }
        String avatar = text(item, avatarUrl, "avatar URL", RecordProblem.INVALID_AVATAR_URL);
        if (avatar != null && !avatar.isEmpty()) {
            checkAvatarUrl(avatar);
        }
        return new SourceRecord(id, name, plain, hash, nick, mail, avatar);
    }

    /** The record's external id and username as far as they can be read, for a report line; nulls otherwise. */
    public String[] identify(JsonNode item) {
        String id = null;
        String name = null;
        if (item != null && item.isObject()) {
            JsonNode nameNode = item.at(username);
            if (nameNode.isString()) {
                name = printable(nameNode.stringValue());
            }
            if (externalId == null) {
                id = name;
            } else {
                JsonNode idNode = item.at(externalId);
                if (idNode.isString() || idNode.isIntegralNumber()) {
                    id = printable(idNode.asString());
                }
            }
        }
        return new String[] {id, name};
    }

    private String externalId(JsonNode item) {
        JsonNode node = item.at(externalId);
        if (node.isMissingNode() || node.isNull() || (node.isString() && node.stringValue().isEmpty())) {
            throw new RecordProblem(RecordProblem.MISSING_EXTERNAL_ID, "external id is missing (" + externalIdPath + ")");
        }
        if (!node.isString() && !node.isIntegralNumber()) {
            throw new RecordProblem(RecordProblem.INVALID_EXTERNAL_ID, "external id must be a string or an integer");
        }
        String id = node.asString();
        if (id.length() > MAX_EXTERNAL_ID || UserInputRules.hasControlCharacter(id)) {
            throw new RecordProblem(RecordProblem.INVALID_EXTERNAL_ID, "external id must be at most "
                    + MAX_EXTERNAL_ID + " characters without control characters");
        }
        return id;
    }

    private void checkHash(String hash) {
        OptionalInt cost = BcryptHashes.cost(hash);
        if (cost.isEmpty()) {
            throw new RecordProblem(RecordProblem.INVALID_PASSWORD_HASH, "password hash is not a BCrypt hash "
                    + "(version 2a, 2b or 2y, a two-digit cost, 53 characters of salt and hash as BCrypt writes them)");
        }
        if (cost.getAsInt() < MIN_HASH_COST || cost.getAsInt() > maxHashCost) {
            throw new RecordProblem(RecordProblem.INVALID_PASSWORD_HASH, "password hash cost must be between "
                    + MIN_HASH_COST + " and " + maxHashCost + ", was " + cost.getAsInt());
        }
    }

    private static void checkAvatarUrl(String url) {
        boolean bad = url.length() > MAX_AVATAR_URL
                || url.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c));
        URI uri = null;
        if (!bad) {
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                bad = true;
            }
        }
        if (bad || !uri.isAbsolute() || uri.getHost() == null || uri.getRawUserInfo() != null
                || !("http".equals(uri.getScheme().toLowerCase(Locale.ROOT))
                        || "https".equals(uri.getScheme().toLowerCase(Locale.ROOT)))) {
            throw new RecordProblem(RecordProblem.INVALID_AVATAR_URL, "avatar URL must be an absolute http(s) URL of "
                    + "at most " + MAX_AVATAR_URL + " characters, without user info, spaces or control characters");
        }
    }

    /** The string at {@code pointer}; {@code null} when not mapped, missing or JSON null; other types refused. */
    private static String text(JsonNode item, JsonPointer pointer, String field, String code) {
        if (pointer == null) {
            return null;
        }
        JsonNode node = item.at(pointer);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw new RecordProblem(code, field + " must be a string");
        }
        return node.stringValue();
    }

    private static String check(java.util.function.Supplier<String> rule, String code) {
        try {
            return rule.get();
        } catch (ApiException e) {
            throw new RecordProblem(code, e.getMessage());
        }
    }

    private static JsonPointer pointer(String value) {
        return value == null || value.isEmpty() ? null : JsonPointer.compile(value);
    }

    /** Control characters replaced and length capped, for a report line. */
    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(MAX_EXTERNAL_ID).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}

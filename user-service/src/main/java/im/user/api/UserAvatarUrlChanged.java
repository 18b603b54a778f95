package im.user.api;

/**
 * The account's avatar link changed: an http(s) URL of a picture elsewhere (from an import, issue 6), never fetched
 * by the server; empty: none. Separate from the stored avatar ({@code avatar}, a media-service file name that
 * clients turn into {@code /file/<avatar>}). Stays inside user-service (not published).
 */
public record UserAvatarUrlChanged(String uuid, String avatarUrl) {
}

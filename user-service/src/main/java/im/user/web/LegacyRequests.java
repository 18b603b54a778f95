package im.user.web;

/**
 * Request bodies of the legacy routes. Only these keys bind (no mass assignment of id, avatar, timestamps);
 * keys match case-insensitively and unknown keys are ignored, as Go's JSON decoder did.
 */
final class LegacyRequests {

    private LegacyRequests() {
    }

    record Register(String username, String password, String email, String nickname) {
    }

    record Login(String username, String password) {
    }

    /** {@code null} keeps the current value; a new {@code password} needs the current one as {@code oldPassword}. */
    record UpdateProfile(String username, String nickname, String email, String password, String oldPassword) {
    }

    /** go-chat form of "add contact". */
    record Friend(String uuid, String friendUsername) {
    }

    /** IM-SDK form of "add contact"; {@code interactWith} is a username. */
    record Interact(String uuid, String interactWith) {
    }

    /** IM-SDK's {@code POST /all-interact}: {@code interactWithUuid} is a user id or a group id. */
    record AllInteract(String uuid, String interactWithUuid) {
    }
}

package im.group.web;

/** Request bodies of the group routes (keys bind case-insensitively; unknown keys are ignored). */
final class LegacyRequests {

    private LegacyRequests() {
    }

    record CreateGroup(String name, String notice) {
    }

    record ChangeInfo(String name, String notice) {
    }

    record ChangeRole(String role) {
    }
}

package im.user.query.groups;

/**
 * A group as user-service knows it from group-service's events.
 *
 * @param id     user-service's legacy integer id of the group
 * @param closed the last member left; nobody can join it any more
 */
public record KnownGroup(long id, String uuid, String name, String notice, boolean closed) {
}

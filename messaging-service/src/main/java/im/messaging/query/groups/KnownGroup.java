package im.messaging.query.groups;

/**
 * A group as messaging-service knows it from group-service's events.
 *
 * @param closed its last member left: nobody can join or write any more
 */
public record KnownGroup(String uuid, String name, boolean closed) {
}

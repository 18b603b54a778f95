package im.group.api;

/**
 * Internal trigger, not a Group event: user-service deleted this account. Appended to group-service's event store
 * by the known-users listener in the same transaction that marks the user deleted in {@code known_users}, and
 * handled by the tracking processor {@code account-departures}. Not published on Kafka.
 */
public record AccountDeleted(String userUuid) {
}

package im.group.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A deleted account leaves the group (sent by the account-departures process, never by a client). Idempotent: a
 * user who is no current member, or a closed group, changes nothing and is no error. An owner with other members
 * first hands the group to the longest-standing admin, else the longest-standing member.
 */
public record RemoveDeletedAccount(@TargetAggregateIdentifier String groupUuid, String userUuid) {
}

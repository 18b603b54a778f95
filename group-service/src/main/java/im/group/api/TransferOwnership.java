package im.group.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Hands the group to another current member (the owner only); the previous owner stays as an admin. */
public record TransferOwnership(@TargetAggregateIdentifier String groupUuid, String byUuid, String userUuid) {
}

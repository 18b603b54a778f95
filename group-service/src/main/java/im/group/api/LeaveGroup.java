package im.group.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A member leaves by themself. */
public record LeaveGroup(@TargetAggregateIdentifier String groupUuid, String userUuid) {
}

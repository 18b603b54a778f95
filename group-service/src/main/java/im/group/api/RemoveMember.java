package im.group.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Removes a member (an admin removes plain members; the owner anyone but themself). */
public record RemoveMember(@TargetAggregateIdentifier String groupUuid, String byUuid, String userUuid) {
}

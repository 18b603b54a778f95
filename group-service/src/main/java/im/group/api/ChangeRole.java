package im.group.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Makes a member an admin or an admin a member (the owner only). */
public record ChangeRole(@TargetAggregateIdentifier String groupUuid, String byUuid, String userUuid, Role role) {
}

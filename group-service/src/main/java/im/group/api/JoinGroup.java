package im.group.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A known user joins; {@code maxMembers} is the configured limit (im.group.max-members). */
public record JoinGroup(@TargetAggregateIdentifier String groupUuid, String userUuid, int maxMembers) {
}

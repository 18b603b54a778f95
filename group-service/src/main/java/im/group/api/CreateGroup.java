package im.group.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Creates a group. The web layer generates the id ([grp] + UUIDv4) and checks the creator is a known user. */
public record CreateGroup(@TargetAggregateIdentifier String groupUuid, String creatorUuid, String name, String notice) {
}

package im.group.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Renames the group (admins and the owner). */
public record RenameGroup(@TargetAggregateIdentifier String groupUuid, String byUuid, String name) {
}

package im.group.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Replaces the notice (admins and the owner). */
public record ChangeNotice(@TargetAggregateIdentifier String groupUuid, String byUuid, String notice) {
}

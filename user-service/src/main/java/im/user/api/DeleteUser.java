package im.user.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The account's owner deletes it. Final: a deleted user refuses every further command. */
public record DeleteUser(@TargetAggregateIdentifier String uuid) {
}

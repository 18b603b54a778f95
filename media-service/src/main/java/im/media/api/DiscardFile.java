package im.media.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Gives a stored file up: its name is no longer served. Sent when what the file was stored for failed afterwards
 * (user-service refused the avatar); the intake deletes the bytes.
 *
 * @param reason a short code, e.g. {@code avatar_refused}
 */
public record DiscardFile(@TargetAggregateIdentifier String name, String reason) {
}

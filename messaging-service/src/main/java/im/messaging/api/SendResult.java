package im.messaging.api;

import java.time.Instant;

/**
 * What {@link SendMessage} answers: the stored message, either just now or earlier ({@code duplicate}: an
 * idempotent resend that stored nothing).
 */
public record SendResult(String messageId, long seq, Instant sentAt, boolean duplicate) {
}

package im.media.api;

import java.time.Instant;

/** A stored file was given up; its name answers 404 from now on. */
public record FileDiscarded(String name, String reason, Instant discardedAt) {
}

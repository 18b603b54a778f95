package im.media.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records a file whose bytes (and thumbnail, if any) are already in storage under {@code name}. Sent by the intake
 * once the object is in place; if it fails, the intake deletes the object again.
 *
 * @param contentType the legacy frame contentType of the detected type: 3 image, 4 audio, 5 video, 2 anything else
 * @param durationMs  audio/video length where it could be read cheaply, else {@code null}
 */
public record RegisterFile(
        @TargetAggregateIdentifier String name,
        String ownerUuid,
        FileKind kind,
        String mimeType,
        int contentType,
        long size,
        String sha256,
        boolean thumbnail,
        Long durationMs) {
}

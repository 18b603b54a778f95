package im.media.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import im.media.api.DiscardFile;
import im.media.api.FileDiscarded;
import im.media.api.FileNames;
import im.media.api.FileStored;
import im.media.api.RegisterFile;
import im.platform.web.DomainException;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A stored file, identified by its name ({@code <UUIDv4>.<ext>}). Its facts never change once stored (names are
 * never reused, so a download may be cached forever); the only later event is that it was given up
 * ({@link FileDiscarded}), once. The aggregate guards what every consumer of {@link FileStored} relies on: a
 * well-formed name, an owner, a legacy contentType of 2 to 5, a positive size, a SHA-256 digest. What the bytes are
 * was decided by the intake before the command (it had the bytes; the aggregate never sees them).
 */
@Aggregate
public class StoredFile {

    static final int MAX_OWNER = 100;
    static final int MAX_MIME_TYPE = 255;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    @AggregateIdentifier
    private String name;
    private boolean discarded;

    protected StoredFile() {
        // for Axon
    }

    @CommandHandler
    public StoredFile(RegisterFile command) {
        if (!FileNames.isValid(command.name())) {
            throw new DomainException("invalid file name");
        }
        String owner = command.ownerUuid();
        if (owner == null || owner.isBlank() || owner.length() > MAX_OWNER || owner.chars().anyMatch(Character::isISOControl)) {
            throw new DomainException("owner is required");
        }
        if (command.kind() == null) {
            throw new DomainException("kind is required");
        }
        String mimeType = command.mimeType();
        if (mimeType == null || mimeType.isBlank() || mimeType.length() > MAX_MIME_TYPE
                || mimeType.chars().anyMatch(Character::isISOControl)) {
            throw new DomainException("mime type is required");
        }
        if (command.contentType() < 2 || command.contentType() > 5) {
            throw new DomainException("content type must be 2, 3, 4 or 5");
        }
        if (command.size() <= 0) {
            throw new DomainException("the file is empty");
        }
        if (command.sha256() == null || !SHA256.matcher(command.sha256()).matches()) {
            throw new DomainException("sha256 must be 64 lower-case hex digits");
        }
        if (command.durationMs() != null && command.durationMs() < 0) {
            throw new DomainException("duration must not be negative");
        }
        apply(new FileStored(command.name(), owner, command.kind(), mimeType, command.contentType(),
                command.size(), command.sha256(), command.thumbnail(), command.durationMs(),
                GenericEventMessage.clock.instant()));
    }

    /** Gives the file up; a second discard changes nothing (the intake may retry). */
    @CommandHandler
    public void handle(DiscardFile command) {
        if (discarded) {
            return;
        }
        String reason = command.reason() == null || command.reason().isBlank() ? "discarded" : command.reason();
        apply(new FileDiscarded(name, reason, GenericEventMessage.clock.instant()));
    }

    @EventSourcingHandler
    void on(FileStored event) {
        name = event.name();
    }

    @EventSourcingHandler
    void on(FileDiscarded event) {
        discarded = true;
    }
}

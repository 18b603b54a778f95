package im.media.command;

import im.media.api.DiscardFile;
import im.media.api.FileDiscarded;
import im.media.api.FileKind;
import im.media.api.FileStored;
import im.media.api.RegisterFile;
import im.platform.web.DomainException;
import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.ResultValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StoredFileTest {

    private static final String NAME = "0b9c8f2e-6d1a-4f3b-8e2c-5a7d9e1f3c20.png";
    private static final String OWNER = "[usr]6a1f7c6e-2b0f-4c1e-9a55-0d3b7f1e2a11";
    private static final String SHA = "a".repeat(64);
    private static final Instant NOW = Instant.parse("2026-05-06T07:08:09.010Z");
    private static final FileStored STORED =
            new FileStored(NAME, OWNER, FileKind.CHAT, "image/png", 3, 1234, SHA, true, null, NOW);

    private FixtureConfiguration<StoredFile> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(StoredFile.class);
    }

    private static RegisterFile register(String name, String owner, FileKind kind, String mime, int contentType,
                                         long size, String sha, Long durationMs) {
        return new RegisterFile(name, owner, kind, mime, contentType, size, sha, true, durationMs);
    }

    private static void refused(ResultValidator<StoredFile> result, String message) {
        result.expectException(DomainException.class).expectExceptionMessage(message).expectNoEvents();
    }

    @Test
    void registeringEmitsFileStoredWithTheTimeItWasStored() {
        fixture.givenNoPriorActivity()
                .andGivenCurrentTime(NOW)
                .when(register(NAME, OWNER, FileKind.CHAT, "image/png", 3, 1234, SHA, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(STORED);
    }

    @Test
    void anAvatarAndADurationAreKept() {
        String video = "1b9c8f2e-6d1a-4f3b-8e2c-5a7d9e1f3c20.webm";
        fixture.givenNoPriorActivity()
                .andGivenCurrentTime(NOW)
                .when(new RegisterFile(video, OWNER, FileKind.AVATAR, "video/webm", 5, 99, SHA, false, 4200L))
                .expectEvents(new FileStored(video, OWNER, FileKind.AVATAR, "video/webm", 5, 99, SHA, false, 4200L, NOW));
    }

    @Test
    void aNameThatIsNotAStoredNameIsRefused() {
        for (String name : new String[]{null, "", "../x.png", "0b9c8f2e-6d1a-4f3b-8e2c-5a7d9e1f3c20",
                "0B9C8F2E-6D1A-4F3B-8E2C-5A7D9E1F3C20.png", "0b9c8f2e-6d1a-1f3b-8e2c-5a7d9e1f3c20.png",
                "0b9c8f2e-6d1a-4f3b-8e2c-5a7d9e1f3c20.p/g", "0b9c8f2e-6d1a-4f3b-8e2c-5a7d9e1f3c20.png.html"}) {
            refused(fixture.givenNoPriorActivity().when(register(name, OWNER, FileKind.CHAT, "image/png", 3, 1, SHA,
                    null)), "invalid file name");
        }
    }

    @Test
    void theOwnerIsRequired() {
        refused(fixture.givenNoPriorActivity().when(register(NAME, " ", FileKind.CHAT, "image/png", 3, 1, SHA, null)),
                "owner is required");
        refused(fixture.givenNoPriorActivity().when(register(NAME, "a\u0000b", FileKind.CHAT, "image/png", 3, 1, SHA,
                null)), "owner is required");
    }

    @Test
    void theKindAndTheMimeTypeAreRequired() {
        refused(fixture.givenNoPriorActivity().when(register(NAME, OWNER, null, "image/png", 3, 1, SHA, null)),
                "kind is required");
        refused(fixture.givenNoPriorActivity().when(register(NAME, OWNER, FileKind.CHAT, "", 3, 1, SHA, null)),
                "mime type is required");
    }

    @Test
    void theContentTypeIsOneOfTheFileTypes() {
        for (int contentType : new int[]{0, 1, 6, 9}) {
            refused(fixture.givenNoPriorActivity().when(register(NAME, OWNER, FileKind.CHAT, "image/png", contentType,
                    1, SHA, null)), "content type must be 2, 3, 4 or 5");
        }
    }

    @Test
    void anEmptyFileIsRefused() {
        refused(fixture.givenNoPriorActivity().when(register(NAME, OWNER, FileKind.CHAT, "image/png", 3, 0, SHA, null)),
                "the file is empty");
    }

    @Test
    void theDigestMustBeSha256Hex() {
        refused(fixture.givenNoPriorActivity().when(register(NAME, OWNER, FileKind.CHAT, "image/png", 3, 1,
                "A".repeat(64), null)), "sha256 must be 64 lower-case hex digits");
        refused(fixture.givenNoPriorActivity().when(register(NAME, OWNER, FileKind.CHAT, "image/png", 3, 1,
                "a".repeat(63), null)), "sha256 must be 64 lower-case hex digits");
    }

    @Test
    void aNegativeDurationIsRefused() {
        refused(fixture.givenNoPriorActivity().when(register(NAME, OWNER, FileKind.CHAT, "audio/wav", 4, 1, SHA, -1L)),
                "duration must not be negative");
    }

    @Test
    void discardingEmitsFileDiscardedOnce() {
        fixture.given(STORED)
                .andGivenCurrentTime(NOW)
                .when(new DiscardFile(NAME, "avatar_refused"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new FileDiscarded(NAME, "avatar_refused", NOW));
        fixture.given(STORED, new FileDiscarded(NAME, "avatar_refused", NOW))
                .when(new DiscardFile(NAME, "avatar_refused"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}

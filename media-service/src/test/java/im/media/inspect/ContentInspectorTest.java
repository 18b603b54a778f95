package im.media.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import im.media.support.MediaSamples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentInspectorTest {

    private final ContentInspector inspector = new ContentInspector();

    @TempDir
    Path dir;

    private Inspection inspect(byte[] bytes, String suffix) throws IOException {
        Path file = Files.write(dir.resolve("upload-" + System.nanoTime()), bytes);
        int head = Math.min(bytes.length, ContentInspector.EBML_BYTES);
        byte[] first = new byte[Math.max(head, ContentInspector.HEAD_BYTES)];
        System.arraycopy(bytes, 0, first, 0, head);
        return inspector.inspect(file, first, head, suffix);
    }

    @Test
    void picturesAreImages() throws IOException {
        assertThat(inspect(MediaSamples.png(40, 30), null)).isEqualTo(new Inspection("image/png", "png", 3, null));
        assertThat(inspect(MediaSamples.jpeg(40, 30), null)).isEqualTo(new Inspection("image/jpeg", "jpg", 3, null));
        assertThat(inspect(MediaSamples.gif(40, 30), null)).isEqualTo(new Inspection("image/gif", "gif", 3, null));
        assertThat(inspect(MediaSamples.webpHeader(), null)).isEqualTo(new Inspection("image/webp", "webp", 3, null));
    }

    @Test
    void theBytesWinOverTheSuffix() throws IOException {
        assertThat(inspect(MediaSamples.png(8, 8), "html")).isEqualTo(new Inspection("image/png", "png", 3, null));
        assertThat(inspect(MediaSamples.jpeg(8, 8), "exe")).isEqualTo(new Inspection("image/jpeg", "jpg", 3, null));
        assertThat(inspect(MediaSamples.wav(100), "png").mimeType()).isEqualTo("audio/wav");
    }

    @Test
    void aWavVoiceNoteIsAudioWithItsDuration() throws IOException {
        assertThat(inspect(MediaSamples.wav(1500), "wav")).isEqualTo(new Inspection("audio/wav", "wav", 4, 1500L));
    }

    @Test
    void aWebmWithAVideoTrackIsVideo() throws IOException {
        assertThat(inspect(MediaSamples.webm(true, true, 4200L, false, 1000), "webm"))
                .isEqualTo(new Inspection("video/webm", "webm", 5, 4200L));
        assertThat(inspect(MediaSamples.webm(true, false, 1234L, false, 1000), null))
                .isEqualTo(new Inspection("video/webm", "webm", 5, 1234L));
    }

    @Test
    void aWebmWithAudioTracksOnlyIsAudio() throws IOException {
        assertThat(inspect(MediaSamples.webm(false, true, 3000L, false, 1000), "webm"))
                .isEqualTo(new Inspection("audio/webm", "webm", 4, 3000L));
    }

    @Test
    void aMediaRecorderWebmHasNoDuration() throws IOException {
        assertThat(inspect(MediaSamples.webm(true, true, null, true, 20_000), "webm"))
                .isEqualTo(new Inspection("video/webm", "webm", 5, null));
        assertThat(inspect(MediaSamples.webm(false, true, null, true, 20_000), null))
                .isEqualTo(new Inspection("audio/webm", "webm", 4, null));
    }

    @Test
    void realRecordingsAreDetectedWithTheirLength() throws IOException {
        assertThat(inspect(MediaSamples.recording("video-note-live.webm"), "webm"))
                .as("a live recording, as MediaRecorder writes it, has no Duration")
                .isEqualTo(new Inspection("video/webm", "webm", 5, null));
        Inspection video = inspect(MediaSamples.recording("video.webm"), null);
        assertThat(video.mimeType()).isEqualTo("video/webm");
        assertThat(video.durationMs()).isBetween(1900L, 2100L);
        Inspection voice = inspect(MediaSamples.recording("voice.webm"), "webm");
        assertThat(voice.mimeType()).isEqualTo("audio/webm");
        assertThat(voice.contentType()).isEqualTo(4);
        assertThat(voice.durationMs()).isBetween(1400L, 1600L);
        Inspection mp4 = inspect(MediaSamples.recording("video.mp4"), null);
        assertThat(mp4.mimeType()).isEqualTo("video/mp4");
        assertThat(mp4.contentType()).isEqualTo(5);
        assertThat(mp4.durationMs()).isBetween(1900L, 2100L);
    }

    @Test
    void anIsoMp4IsVideoWithItsDurationEvenWithMoovAtTheEnd() throws IOException {
        assertThat(inspect(MediaSamples.mp4("isom", 1000, 2500, 100_000, "vide", "soun"), "mp4"))
                .isEqualTo(new Inspection("video/mp4", "mp4", 5, 2500L));
        assertThat(inspect(MediaSamples.mp4("mp42", 90_000, 90_000 * 3, 1000, "vide"), null))
                .isEqualTo(new Inspection("video/mp4", "mp4", 5, 3000L));
    }

    @Test
    void anMp4WithSoundOnlyIsAudio() throws IOException {
        assertThat(inspect(MediaSamples.mp4("isom", 44_100, 44_100 * 2, 1000, "soun"), null))
                .isEqualTo(new Inspection("audio/mp4", "m4a", 4, 2000L));
        assertThat(inspect(MediaSamples.mp4("M4A ", 44_100, 44_100, 1000, "soun"), null))
                .isEqualTo(new Inspection("audio/mp4", "m4a", 4, 1000L));
    }

    @Test
    void aQuickTimeMovieStaysQuickTime() throws IOException {
        assertThat(inspect(MediaSamples.mp4("qt  ", 600, 600, 1000, "vide"), "mov"))
                .isEqualTo(new Inspection("video/quicktime", "mov", 5, 1000L));
    }

    @Test
    void activeContentIsAPlainFile() throws IOException {
        byte[] html = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(inspect(html, "png")).isEqualTo(new Inspection("text/html", "html", 2, null));
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(inspect(svg, "png")).isEqualTo(new Inspection("image/svg+xml", "svg", 2, null));
    }

    @Test
    void theSuffixOnlyNamesWhatTheBytesDoNotTell() throws IOException {
        byte[] text = "just some notes\nand more".getBytes(StandardCharsets.UTF_8);
        assertThat(inspect(text, null)).isEqualTo(new Inspection("text/plain", "txt", 2, null));
        assertThat(inspect(text, "csv").mimeType()).isEqualTo("text/csv");
        assertThat(inspect(text, "wav")).as("a text is no sound").isEqualTo(new Inspection("text/plain", "txt", 2, null));
        byte[] binary = MediaSamples.concat(new byte[]{0, 1, 2, 3, 4, 5, 6, 7}, MediaSamples.random(500, 1));
        assertThat(inspect(binary, null)).isEqualTo(new Inspection("application/octet-stream", "bin", 2, null));
        assertThat(inspect(binary, "Foo42")).isEqualTo(new Inspection("application/octet-stream", "foo42", 2, null));
        assertThat(inspect(binary, "abcdefghijklmnop")).as("longer than a stored name's extension")
                .isEqualTo(new Inspection("application/octet-stream", "bin", 2, null));
        assertThat(inspect(binary, "mp3")).isEqualTo(new Inspection("audio/mpeg", "mp3", 4, null));
    }

    @Test
    void deeplyNestedBoxesAreMalformedWithoutADurationInsteadOfOverflowingTheStack() throws IOException {
        for (int depth : new int[] {9, 100, 9_000}) {
            Inspection inspection = inspect(MediaSamples.nestedMp4(depth), "mp4");
            assertThat(inspection.durationMs()).as("depth " + depth).isNull();
            assertThat(inspection.mimeType()).as("depth " + depth).startsWith("video/");
        }
        // nesting real files use (moov/trak/mdia) is well within the bound
        assertThat(inspect(MediaSamples.mp4("isom", 1000, 2500, 100, "vide"), "mp4").durationMs()).isEqualTo(2500L);
        assertThat(IsoBmffReader.read(Files.write(dir.resolve("nested-5"), MediaSamples.nestedMp4(5))).durationMs())
                .as("5 deep is still a file").isEqualTo(2500L);
    }

    @Test
    void anUnreadableContainerKeepsTikasAnswer() throws IOException {
        byte[] broken = MediaSamples.concat(new byte[]{0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, (byte) 0x80},
                MediaSamples.random(100, 3));
        Inspection inspection = inspect(broken, null);
        assertThat(inspection.contentType()).isEqualTo(2);
        assertThat(inspection.durationMs()).isNull();
    }
}

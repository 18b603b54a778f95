package im.media.inspect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * The length of a WAV file from its header (javax.sound.sampled reads the RIFF chunks up to {@code data}; no
 * samples): frames / frame rate. A header whose frame count does not fit the file (a recorder that never went back
 * to write it, e.g. {@code 0xFFFFFFFF}) gives {@code null}.
 */
final class WavDuration {

    private WavDuration() {
    }

    static Long of(Path file) {
        try {
            AudioFileFormat fileFormat = AudioSystem.getAudioFileFormat(file.toFile());
            AudioFormat format = fileFormat.getFormat();
            long frames = fileFormat.getFrameLength();
            float rate = format.getFrameRate();
            int frameSize = format.getFrameSize();
            if (frames < 0 || rate <= 0 || !Float.isFinite(rate)) {
                return null;
            }
            if (frameSize > 0 && frames * frameSize > Files.size(file)) {
                return null;
            }
            return Math.round(frames * 1000.0 / rate);
        } catch (UnsupportedAudioFileException | IOException | RuntimeException e) {
            return null;
        }
    }
}

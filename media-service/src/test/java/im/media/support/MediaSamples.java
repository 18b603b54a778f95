package im.media.support;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Sample files made by the tests themselves: pictures through ImageIO, WAV through javax.sound, and minimal WebM
 * and MP4 files built box by box / element by element (valid headers, a few bytes of stand-in media data), so no
 * binary fixture has to be checked in.
 */
public final class MediaSamples {

    private MediaSamples() {
    }

    // ---- pictures ----

    public static BufferedImage picture(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setColor(new Color(30, 120, 200, type == BufferedImage.TYPE_INT_ARGB ? 128 : 255));
            graphics.fillRect(0, 0, width, height);
            graphics.setColor(Color.ORANGE);
            graphics.fillOval(width / 4, height / 4, width / 2, height / 2);
        } finally {
            graphics.dispose();
        }
        return image;
    }

    public static byte[] png(int width, int height) {
        return encode(picture(width, height, BufferedImage.TYPE_INT_ARGB), "png");
    }

    public static byte[] jpeg(int width, int height) {
        return encode(picture(width, height, BufferedImage.TYPE_INT_RGB), "jpg");
    }

    public static byte[] gif(int width, int height) {
        return encode(picture(width, height, BufferedImage.TYPE_INT_RGB), "gif");
    }

    public static byte[] bmp(int width, int height) {
        return encode(picture(width, height, BufferedImage.TYPE_INT_RGB), "bmp");
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BufferedImage read(byte[] picture) {
        try {
            return ImageIO.read(new ByteArrayInputStream(picture));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A minimal WebP file header (RIFF/WEBP with a VP8L chunk); ImageIO cannot decode it. */
    public static byte[] webpHeader() {
        ByteBuffer buffer = ByteBuffer.allocate(30).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        buffer.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(22).put("WEBP".getBytes(StandardCharsets.US_ASCII))
                .put("VP8L".getBytes(StandardCharsets.US_ASCII)).putInt(10)
                .put(new byte[]{0x2f, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        return buffer.array();
    }

    // ---- sound ----

    /** 16-bit mono PCM WAV at 8 kHz of {@code millis} ms (a tone), as js-audio-recorder writes them. */
    public static byte[] wav(int millis) {
        float rate = 8000f;
        int frames = Math.round(rate * millis / 1000f);
        byte[] samples = new byte[frames * 2];
        for (int i = 0; i < frames; i++) {
            short value = (short) (Math.sin(2 * Math.PI * 440 * i / rate) * 8000);
            samples[2 * i] = (byte) value;
            samples[2 * i + 1] = (byte) (value >> 8);
        }
        AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(samples), format, frames)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- WebM (EBML) ----

    /**
     * A WebM file: EBML header (DocType {@code webm}), a Segment with Info (TimecodeScale 1 ms, Duration if given)
     * and Tracks (a VP8 video track if {@code video}, an Opus audio track if {@code audio}), then one Cluster with
     * {@code mediaBytes} of stand-in frame data. {@code live}: the Segment and the Cluster have "unknown" sizes and
     * there is no Duration, as the browser's MediaRecorder writes them.
     */
    public static byte[] webm(boolean video, boolean audio, Long durationMs, boolean live, int mediaBytes) {
        byte[] header = element(0x1A45DFA3L, concat(
                element(0x4286L, uint(1)),           // EBMLVersion
                element(0x42F7L, uint(1)),           // EBMLReadVersion
                element(0x4282L, ascii("webm")),     // DocType
                element(0x4287L, uint(4)),           // DocTypeVersion
                element(0x4285L, uint(2))));         // DocTypeReadVersion
        byte[] info = element(0x1549A966L, concat(
                element(0x2AD7B1L, uint(1_000_000)), // TimecodeScale: 1 ms
                live || durationMs == null ? new byte[0] : element(0x4489L, float64(durationMs)),
                element(0x4D80L, ascii("im-tests")),  // MuxingApp
                element(0x5741L, ascii("im-tests")))); // WritingApp
        byte[] tracks = element(0x1654AE6BL, concat(
                video ? element(0xAEL, concat(element(0xD7L, uint(1)), element(0x73C5L, uint(1)),
                        element(0x83L, uint(1)), element(0x86L, ascii("V_VP8")),
                        element(0xE0L, concat(element(0xB0L, uint(320)), element(0xBAL, uint(240))))))
                        : new byte[0],
                audio ? element(0xAEL, concat(element(0xD7L, uint(2)), element(0x73C5L, uint(2)),
                        element(0x83L, uint(2)), element(0x86L, ascii("A_OPUS")),
                        element(0xE1L, concat(element(0xB5L, float64(48000)), element(0x9FL, uint(1))))))
                        : new byte[0]));
        byte[] frames = new byte[mediaBytes];
        new Random(42).nextBytes(frames);
        byte[] cluster = live
                ? concat(id(0x1F43B675L), unknownSize(), element(0xE7L, uint(0)), element(0xA3L, frames))
                : element(0x1F43B675L, concat(element(0xE7L, uint(0)), element(0xA3L, frames)));
        byte[] segmentBody = concat(info, tracks, cluster);
        byte[] segment = live ? concat(id(0x18538067L), unknownSize(), segmentBody) : element(0x18538067L, segmentBody);
        return concat(header, segment);
    }

    private static byte[] element(long id, byte[] body) {
        return concat(id(id), size(body.length), body);
    }

    private static byte[] id(long id) {
        int length = id > 0xFFFFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1;
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[length - 1 - i] = (byte) (id >>> (8 * i));
        }
        return bytes;
    }

    /** An 8-byte EBML size. */
    private static byte[] size(long size) {
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[7 - i] = (byte) (size >>> (8 * i));
        }
        bytes[0] = 0x01;
        return bytes;
    }

    private static byte[] unknownSize() {
        return new byte[]{0x01, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
    }

    private static byte[] uint(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    private static byte[] float64(double value) {
        return ByteBuffer.allocate(8).putDouble(value).array();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    // ---- MP4 (ISO BMFF) ----

    /**
     * An MP4/MOV file: {@code ftyp} with {@code brand}, {@code mdat} with {@code mediaBytes} stand-in bytes, then
     * {@code moov} (so it comes after the media, as a writer that does not move it to the front leaves it) with
     * {@code mvhd} (version 0, the given timescale and duration) and one {@code trak} per handler ({@code vide},
     * {@code soun}).
     */
    public static byte[] mp4(String brand, int timescale, long duration, int mediaBytes, String... handlers) {
        byte[] ftyp = box("ftyp", concat(ascii(brand), ByteBuffer.allocate(4).putInt(0x200).array(), ascii(brand),
                ascii("mp41")));
        byte[] media = new byte[mediaBytes];
        new Random(7).nextBytes(media);
        byte[] mdat = box("mdat", media);
        ByteBuffer mvhd = ByteBuffer.allocate(100);
        mvhd.putInt(0);                 // version 0, flags
        mvhd.putInt(0).putInt(0);       // creation, modification
        mvhd.putInt(timescale).putInt((int) duration);
        mvhd.putInt(0x00010000).putShort((short) 0x0100); // rate, volume
        byte[][] traks = new byte[handlers.length][];
        for (int i = 0; i < handlers.length; i++) {
            ByteBuffer hdlr = ByteBuffer.allocate(25);
            hdlr.putInt(0).putInt(0).put(ascii(handlers[i])).putInt(0).putInt(0).putInt(0).put((byte) 0);
            traks[i] = box("trak", box("mdia", box("hdlr", hdlr.array())));
        }
        byte[] moov = box("moov", concat(box("mvhd", mvhd.array()), concat(traks)));
        return concat(ftyp, mdat, moov);
    }

    /**
     * An ISO file whose {@code moov} holds a valid {@code mvhd} (2.5 s) and then {@code trak} boxes nested
     * {@code depth} deep: far deeper than any real file (3), as a hostile upload would.
     */
    public static byte[] nestedMp4(int depth) {
        byte[] ftyp = box("ftyp", concat(ascii("isom"), ByteBuffer.allocate(4).putInt(0x200).array(), ascii("isom")));
        ByteBuffer mvhd = ByteBuffer.allocate(100);
        mvhd.putInt(0).putInt(0).putInt(0).putInt(1000).putInt(2500);
        byte[] header = box("mvhd", mvhd.array());
        // the nested boxes written at once: header i has the size of everything inside it
        ByteBuffer nested = ByteBuffer.allocate(depth * 8);
        for (int i = 0; i < depth; i++) {
            nested.putInt((depth - i) * 8).put(ascii("trak"));
        }
        return concat(ftyp, box("moov", concat(header, nested.array())));
    }

    private static byte[] box(String type, byte[] body) {
        return concat(ByteBuffer.allocate(4).putInt(8 + body.length).array(), ascii(type), body);
    }

    // ---- real recordings (src/test/resources/samples, made with ffmpeg: see the README there) ----

    /** A sample file from {@code src/test/resources/samples}. */
    public static byte[] recording(String name) {
        try (java.io.InputStream in = MediaSamples.class.getResourceAsStream("/samples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no sample " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- misc ----

    public static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}

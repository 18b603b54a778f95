package im.media.inspect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the few header facts of an ISO base media file (MP4, MOV, M4A, 3GP) that tika-core's magic cannot tell:
 * the major brand, whether the tracks include video and audio, and the movie's duration.
 *
 * <p>Algorithm: a bounded walk over box headers with positioned reads (the file is on disk; nothing but the
 * headers and three small boxes is read, so a large file costs a few dozen reads). A box is a 32-bit size and a
 * four-letter type (size 1: a 64-bit size follows; size 0: to the end of the file). The top level is scanned for
 * {@code ftyp} (major brand) and {@code moov}, which may come after the media data ({@code mdat}) when the writer did
 * not move it to the front. Inside {@code moov}: {@code mvhd} holds the timescale (units per second) and the
 * duration in those units (32-bit in version 0, 64-bit in version 1, all ones = unknown); a fragmented file (e.g. a
 * browser recording) may leave it 0 and carry the length in {@code mvex/mehd} instead; each
 * {@code trak/mdia/hdlr} names its handler, {@code vide} or {@code soun}. At most {@value #MAX_BOXES} boxes are
 * visited, and containers at most {@value #MAX_DEPTH} deep (a real file needs 3: {@code moov/trak/mdia}); a file that
 * nests deeper is malformed: what was read of it stands, but it has no duration (a hostile file must not turn the
 * recursion into a stack overflow, nor pass a number off as its length).
 */
final class IsoBmffReader {

    record Facts(String majorBrand, boolean hasVideo, boolean hasAudio, boolean tracksSeen, Long durationMs) {
    }

    static final int MAX_BOXES = 10_000;
    static final int MAX_DEPTH = 8;

    /** Containers nested deeper than {@link #MAX_DEPTH}. */
    private static final class TooDeep extends IOException {
        TooDeep() {
            super("boxes nested too deep", null);
        }
    }

    private final FileChannel channel;
    private final long fileSize;
    private int boxes;
    private String majorBrand;
    private boolean hasVideo;
    private boolean hasAudio;
    private boolean tracksSeen;
    private long timescale;
    private long duration = -1;
    private long fragmentDuration = -1;
    private boolean malformed;

    private IsoBmffReader(FileChannel channel) throws IOException {
        this.channel = channel;
        this.fileSize = channel.size();
    }

    static Facts read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            IsoBmffReader reader = new IsoBmffReader(channel);
            try {
                reader.walk(0, reader.fileSize, 0);
            } catch (TooDeep | StackOverflowError e) {
                reader.malformed = true;
            } catch (IOException | RuntimeException e) {
                // cut short: keep what was read so far
            }
            return reader.facts();
        } catch (IOException e) {
            return new Facts(null, false, false, false, null);
        }
    }

    private Facts facts() {
        Long durationMs = null;
        if (malformed) {
            return new Facts(majorBrand, hasVideo, hasAudio, tracksSeen, null);
        }
        long units = duration > 0 ? duration : fragmentDuration;
        if (timescale > 0 && units > 0) {
            double ms = units * 1000.0 / timescale;
            if (ms < 1e12) {
                durationMs = Math.round(ms);
            }
        }
        return new Facts(majorBrand, hasVideo, hasAudio, tracksSeen, durationMs);
    }

    /** Visits the boxes in {@code [start, end)}; {@code depth} 0 is the top level. */
    private void walk(long start, long end, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new TooDeep();
        }
        long position = start;
        while (position + 8 <= end && boxes++ < MAX_BOXES) {
            ByteBuffer header = read(position, 16);
            long size = header.getInt() & 0xFFFFFFFFL;
            String type = type(header);
            long headerLength = 8;
            if (size == 1) {
                size = header.getLong();
                headerLength = 16;
            } else if (size == 0) {
                size = end - position;
            }
            if (size < headerLength || position + size > end) {
                return;
            }
            long body = position + headerLength;
            long bodyEnd = position + size;
            switch (type) {
                case "ftyp" -> {
                    if (depth == 0 && bodyEnd - body >= 4) {
                        majorBrand = type(read(body, 4));
                    }
                }
                case "moov", "trak", "mdia", "mvex" -> walk(body, bodyEnd, depth + 1);
                case "mvhd" -> movieHeader(body);
                case "mehd" -> movieExtendsHeader(body);
                case "hdlr" -> handler(body);
                default -> {
                    // not needed
                }
            }
            if (type.equals("trak")) {
                tracksSeen = true;
            }
            position = bodyEnd;
        }
    }

    private void movieHeader(long body) throws IOException {
        ByteBuffer box = read(body, 32);
        int version = box.get() & 0xFF;
        box.position(4);
        if (version == 1) {
            box.position(box.position() + 16);
            timescale = box.getInt() & 0xFFFFFFFFL;
            long value = box.getLong();
            duration = value == -1L ? -1 : value;
        } else {
            box.position(box.position() + 8);
            timescale = box.getInt() & 0xFFFFFFFFL;
            long value = box.getInt() & 0xFFFFFFFFL;
            duration = value == 0xFFFFFFFFL ? -1 : value;
        }
    }

    private void movieExtendsHeader(long body) throws IOException {
        ByteBuffer box = read(body, 12);
        int version = box.get() & 0xFF;
        box.position(4);
        fragmentDuration = version == 1 ? box.getLong() : box.getInt() & 0xFFFFFFFFL;
    }

    private void handler(long body) throws IOException {
        ByteBuffer box = read(body, 12);
        box.position(8);
        String handler = type(box);
        if (handler.equals("vide")) {
            hasVideo = true;
        } else if (handler.equals("soun")) {
            hasAudio = true;
        }
    }

    /** Up to {@code length} bytes at {@code position} (fewer at the end of the file). */
    private ByteBuffer read(long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, Math.max(0, fileSize - position)));
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        buffer.flip();
        return buffer;
    }

    private static String type(ByteBuffer buffer) {
        byte[] type = new byte[4];
        buffer.get(type);
        return new String(type, StandardCharsets.ISO_8859_1);
    }
}

package im.media.inspect;

import java.nio.ByteBuffer;

/**
 * Reads the few header facts of a Matroska/WebM file that tika-core's magic cannot tell: the EBML DocType
 * ({@code webm} or {@code matroska}), whether the tracks include video and audio, and the Segment Info Duration.
 *
 * <p>Algorithm: a bounded walk over the EBML elements of the file's first bytes (the caller passes at most a few
 * hundred KiB). Every element is an ID (a variable-length integer of 1-4 bytes, marker bit kept) and a size (a
 * variable-length integer of 1-8 bytes, marker bit removed; all value bits set means "unknown size", which live
 * recorders such as the browser's MediaRecorder write for the Segment and its Clusters). Only the masters on the
 * way to the wanted values are entered: EBML header -> DocType; Segment -> Info -> TimecodeScale, Duration; Segment
 * -> Tracks -> TrackEntry -> TrackType (1 video, 2 audio). Every other element is skipped by its size. The walk
 * stops at the first Cluster (media data: the header elements come before it in practice), at the end of the
 * buffer, at anything malformed, or after {@value #MAX_ELEMENTS} elements, so a hostile file costs at most that.
 *
 * <p>Duration = Duration (a float in TimecodeScale units) x TimecodeScale (ns, default 1,000,000) / 10^6 ms.
 * MediaRecorder does not know the length when it writes the header and leaves Duration out: such recordings have no
 * duration here ({@code null}); finding it would mean reading the last Cluster's timestamps, i.e. the whole file.
 */
final class EbmlReader {

    /** What the header says; {@code docType} null when the bytes are not EBML. */
    record Facts(String docType, boolean hasVideo, boolean hasAudio, boolean tracksSeen, Long durationMs) {
    }

    static final int MAX_ELEMENTS = 10_000;

    private static final long EBML = 0x1A45DFA3L;
    private static final long DOC_TYPE = 0x4282L;
    private static final long SEGMENT = 0x18538067L;
    private static final long INFO = 0x1549A966L;
    private static final long TIMECODE_SCALE = 0x2AD7B1L;
    private static final long DURATION = 0x4489L;
    private static final long TRACKS = 0x1654AE6BL;
    private static final long TRACK_ENTRY = 0xAEL;
    private static final long TRACK_TYPE = 0x83L;
    private static final long CLUSTER = 0x1F43B675L;
    private static final long UNKNOWN = -1;

    private final ByteBuffer buffer;
    private int elements;
    private String docType;
    private boolean hasVideo;
    private boolean hasAudio;
    private boolean tracksSeen;
    private long timecodeScale = 1_000_000L;
    private Double duration;
    private boolean stop;

    private EbmlReader(byte[] head, int length) {
        this.buffer = ByteBuffer.wrap(head, 0, length).slice();
    }

    static Facts read(byte[] head, int length) {
        EbmlReader reader = new EbmlReader(head, length);
        try {
            reader.top();
        } catch (RuntimeException e) {
            // malformed: keep what was read so far
        }
        return reader.facts();
    }

    private Facts facts() {
        Long durationMs = null;
        if (duration != null && Double.isFinite(duration) && duration >= 0) {
            double ms = duration * timecodeScale / 1_000_000.0;
            if (ms < 1e12) {
                durationMs = Math.round(ms);
            }
        }
        return new Facts(docType, hasVideo, hasAudio, tracksSeen, durationMs);
    }

    private void top() {
        long id = readId();
        long size = readSize();
        if (id != EBML || size == UNKNOWN) {
            return;
        }
        walk(buffer.position() + size, this::header);
        while (!stop && buffer.hasRemaining()) {
            id = readId();
            size = readSize();
            long end = size == UNKNOWN ? buffer.limit() : buffer.position() + size;
            if (id == SEGMENT) {
                walk(end, this::segment);
                return;
            }
            skipTo(end);
        }
    }

    private interface Child {
        void on(long id, long size, long end);
    }

    /** Reads the children of a master element until {@code end}. */
    private void walk(long end, Child child) {
        long limit = Math.min(end, buffer.limit());
        while (!stop && buffer.position() < limit) {
            if (++elements > MAX_ELEMENTS) {
                stop = true;
                return;
            }
            long id = readId();
            long size = readSize();
            long childEnd = size == UNKNOWN ? limit : buffer.position() + size;
            child.on(id, size, childEnd);
            skipTo(childEnd);
        }
    }

    private void header(long id, long size, long end) {
        if (id == DOC_TYPE && size != UNKNOWN && size <= 64) {
            byte[] text = new byte[(int) size];
            buffer.get(text);
            int n = 0;
            while (n < text.length && text[n] != 0) {
                n++;
            }
            docType = new String(text, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    private void segment(long id, long size, long end) {
        if (id == INFO) {
            walk(end, this::info);
        } else if (id == TRACKS) {
            tracksSeen = true;
            walk(end, this::tracks);
        } else if (id == CLUSTER) {
            stop = true;
        }
    }

    private void info(long id, long size, long end) {
        if (id == TIMECODE_SCALE && size >= 1 && size <= 8) {
            long scale = readUnsigned((int) size);
            if (scale > 0) {
                timecodeScale = scale;
            }
        } else if (id == DURATION && (size == 4 || size == 8)) {
            duration = size == 4 ? (double) buffer.getFloat() : buffer.getDouble();
        }
    }

    private void tracks(long id, long size, long end) {
        if (id == TRACK_ENTRY) {
            walk(end, this::trackEntry);
        }
    }

    private void trackEntry(long id, long size, long end) {
        if (id == TRACK_TYPE && size >= 1 && size <= 8) {
            long type = readUnsigned((int) size);
            if (type == 1) {
                hasVideo = true;
            } else if (type == 2) {
                hasAudio = true;
            }
        }
    }

    private void skipTo(long position) {
        if (position > buffer.limit() || position < buffer.position()) {
            stop = true;
            buffer.position(buffer.limit());
            return;
        }
        buffer.position((int) position);
    }

    /** An element ID: 1 to 4 bytes, the length marker kept as part of the value. */
    private long readId() {
        int first = buffer.get() & 0xFF;
        int length = Integer.numberOfLeadingZeros(first) - 24 + 1;
        if (first == 0 || length > 4) {
            throw new IllegalStateException("bad element id");
        }
        long value = first;
        for (int i = 1; i < length; i++) {
            value = (value << 8) | (buffer.get() & 0xFF);
        }
        return value;
    }

    /** An element size: 1 to 8 bytes, the length marker removed; all value bits set: {@link #UNKNOWN}. */
    private long readSize() {
        int first = buffer.get() & 0xFF;
        int length = Integer.numberOfLeadingZeros(first) - 24 + 1;
        if (first == 0 || length > 8) {
            throw new IllegalStateException("bad element size");
        }
        long value = first & (0xFF >> length);
        boolean allOnes = value == (0xFF >> length);
        for (int i = 1; i < length; i++) {
            int b = buffer.get() & 0xFF;
            allOnes &= b == 0xFF;
            value = (value << 8) | b;
        }
        if (allOnes) {
            return UNKNOWN;
        }
        if (value < 0) {
            throw new IllegalStateException("bad element size");
        }
        return value;
    }

    private long readUnsigned(int length) {
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = (value << 8) | (buffer.get() & 0xFF);
        }
        return value;
    }
}

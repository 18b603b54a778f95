package im.media.intake;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Locale;

/**
 * The bytes of a base64 data URL ({@code data:<type>;base64,<data>}), decoded while they stream in, so a large data
 * URL never sits in memory. The header (at most {@value #MAX_HEADER} characters before the comma) must start with
 * {@code data:} and end with {@code ;base64}; the type in it is ignored (the bytes decide). Line breaks and spaces
 * in the data are skipped (some encoders wrap lines); anything else that is not base64, and anything but white space
 * after the {@code =} padding (which ends base64: the JDK's decoder would silently stop there), fails the upload as
 * {@code bad_data_url}, while a failure of the request stream itself stays a plain {@link IOException}.
 */
final class DataUrlStream extends InputStream {

    static final int MAX_HEADER = 256;

    /** The data URL is malformed. */
    static final class BadDataUrl extends IOException {
        BadDataUrl(String message) {
            super(message);
        }
    }

    /** A failure of the request stream under the decoder, told apart from the decoder's own. */
    private static final class SourceFailure extends IOException {
        SourceFailure(IOException cause) {
            super(cause);
        }
    }

    private final InputStream decoded;
    private final SkippingWhitespace source;
    private boolean endChecked;

    private DataUrlStream(SkippingWhitespace source) {
        this.source = source;
        this.decoded = Base64.getDecoder().wrap(source);
    }

    static InputStream of(InputStream text) throws IOException {
        StringBuilder header = new StringBuilder();
        while (true) {
            int c = text.read();
            if (c < 0) {
                throw new BadDataUrl("not a data URL");
            }
            if (c == ',') {
                break;
            }
            if (header.length() >= MAX_HEADER) {
                throw new BadDataUrl("not a data URL");
            }
            header.append((char) c);
        }
        String lower = header.toString().trim().toLowerCase(Locale.ROOT);
        if (!lower.startsWith("data:") || !lower.endsWith(";base64")) {
            throw new BadDataUrl("a data URL must be data:<type>;base64,<data>");
        }
        return new DataUrlStream(new SkippingWhitespace(text));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = decoded.read(buffer, offset, length);
        } catch (SourceFailure e) {
            throw (IOException) e.getCause();
        } catch (IOException e) {
            throw new BadDataUrl("the data URL is not valid base64");
        }
        if (n < 0 && !endChecked) {
            endChecked = true;
            // the decoder reads byte by byte and stops at the padding: what follows is still in the source
            int next;
            try {
                next = source.read();
            } catch (SourceFailure e) {
                throw (IOException) e.getCause();
            }
            if (next >= 0) {
                throw new BadDataUrl("the data URL has data after its base64 padding");
            }
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        decoded.close();
    }

    /** Drops ASCII white space; tags failures of the source. */
    private static final class SkippingWhitespace extends FilterInputStream {

        SkippingWhitespace(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int c;
            do {
                c = source();
            } while (c == ' ' || c == '\n' || c == '\r' || c == '\t');
            return c;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (true) {
                int n;
                try {
                    n = in.read(buffer, offset, length);
                } catch (IOException e) {
                    throw new SourceFailure(e);
                }
                if (n < 0) {
                    return -1;
                }
                int kept = 0;
                for (int i = 0; i < n; i++) {
                    byte b = buffer[offset + i];
                    if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                        buffer[offset + kept++] = b;
                    }
                }
                if (kept > 0) {
                    return kept;
                }
            }
        }

        private int source() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }
    }
}

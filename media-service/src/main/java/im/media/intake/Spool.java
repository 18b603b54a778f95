package im.media.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Streams an upload into a temporary file, counting and hashing as it goes. The limit is enforced while streaming:
 * the first byte over it stops the copy and the temporary file is deleted, so an upload over the limit never
 * occupies more than the limit on disk. The first {@code headBytes} bytes are kept in memory for type detection.
 */
final class Spool {

    /** The spooled upload; the caller deletes {@code file}. */
    record Spooled(Path file, long size, String sha256, byte[] head, int headLength) {
    }

    private static final int BUFFER = 64 * 1024;

    private Spool() {
    }

    /**
     * @throws UploadRefused {@code file_too_large} over {@code maxBytes}, {@code bad_data_url} for a malformed data
     *                       URL, {@code upload_failed} when the request stream fails, {@code storage_unavailable}
     *                       when the temporary file cannot be written
     */
    static Spooled write(InputStream body, Path directory, long maxBytes, int headBytes) {
        Path file;
        try {
            file = Files.createTempFile(directory, "upload-", ".part");
        } catch (IOException e) {
            throw UploadRefused.storageUnavailable();
        }
        boolean keep = false;
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] head = new byte[headBytes];
            int headLength = 0;
            long size = 0;
            byte[] buffer = new byte[BUFFER];
            try (OutputStream out = Files.newOutputStream(file)) {
                while (true) {
                    int n = read(body, buffer);
                    if (n < 0) {
                        break;
                    }
                    size += n;
                    if (size > maxBytes) {
                        throw UploadRefused.tooLarge(maxBytes);
                    }
                    if (headLength < headBytes) {
                        int copy = Math.min(n, headBytes - headLength);
                        System.arraycopy(buffer, 0, head, headLength, copy);
                        headLength += copy;
                    }
                    sha256.update(buffer, 0, n);
                    write(out, buffer, n);
                }
            } catch (IOException e) {
                throw UploadRefused.storageUnavailable(); // closing the file failed
            }
            keep = true;
            return new Spooled(file, size, HexFormat.of().formatHex(sha256.digest()), head, headLength);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            if (!keep) {
                deleteQuietly(file);
            }
        }
    }

    private static int read(InputStream body, byte[] buffer) {
        try {
            return body.read(buffer);
        } catch (DataUrlStream.BadDataUrl e) {
            throw UploadRefused.badRequest(UploadRefused.BAD_DATA_URL, e.getMessage());
        } catch (IOException e) {
            throw UploadRefused.badRequest(UploadRefused.UPLOAD_FAILED, "the upload could not be read");
        }
    }

    private static void write(OutputStream out, byte[] buffer, int n) {
        try {
            out.write(buffer, 0, n);
        } catch (IOException e) {
            throw UploadRefused.storageUnavailable();
        }
    }

    static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale temporary file is removed at the next start
        }
    }
}

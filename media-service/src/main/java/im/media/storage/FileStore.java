package im.media.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where the bytes of stored files live: a local directory ({@link LocalFileStore}) or an S3-compatible bucket
 * ({@link S3FileStore}), chosen by {@code im.media.storage} ({@code IM_MEDIA_STORAGE}). Keys are relative paths of
 * letters, digits, {@code - . _} and {@code /} separators ({@link StorageKeys}); a store refuses anything else.
 * Failures of the store itself are {@link IOException}s; a missing object is a {@link NoSuchFileException}.
 */
public interface FileStore {

    /**
     * Stores the complete file at {@code source} under {@code key}, atomically: readers see either nothing or the
     * whole object, never a part. {@code source} is a temporary file of the caller; a store may move it away (the
     * caller deletes it if it is still there). An existing object under {@code key} is an error.
     */
    void put(String key, Path source, String contentType) throws IOException;

    /**
     * The bytes {@code [offset, offset + length)} of the object, or from {@code offset} to its end when
     * {@code length} is negative. The caller closes the stream (also when it stops early).
     *
     * @throws NoSuchFileException when there is no such object
     */
    InputStream open(String key, long offset, long length) throws IOException;

    /** The whole object. */
    default InputStream open(String key) throws IOException {
        return open(key, 0, -1);
    }

    boolean exists(String key) throws IOException;

    /** Removes the object; nothing happens when there is none. */
    void delete(String key) throws IOException;

    /**
     * @throws NoSuchFileException when there is no such object
     */
    long size(String key) throws IOException;

    /** A short description for logs, e.g. {@code local /data/media} or {@code s3 http://host:9000/bucket}. */
    String describe();
}

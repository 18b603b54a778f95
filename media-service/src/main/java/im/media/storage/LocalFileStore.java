package im.media.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Files in a local directory ({@code IM_MEDIA_DIR}), one file per key below it.
 *
 * <p>Atomic put: the source is forced to disk and renamed into place ({@code ATOMIC_MOVE}), so a reader never sees
 * a partial file, and a crash leaves either nothing or the whole file. When the source lies on another file system
 * (a temporary directory configured elsewhere) it is first copied to a hidden {@code .part} file next to the
 * target, which is then renamed. The target's directory is forced too, so the rename survives a crash.
 */
public class LocalFileStore implements FileStore {

    private final Path root;

    public LocalFileStore(Path root) throws IOException {
        this.root = Files.createDirectories(root.toAbsolutePath().normalize());
    }

    public Path root() {
        return root;
    }

    @Override
    public void put(String key, Path source, String contentType) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        if (Files.exists(target)) {
            throw new IOException("object exists already");
        }
        force(source);
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Path part = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
            try {
                Files.copy(source, part);
                force(part);
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(part);
            }
        }
        forceDirectory(target.getParent());
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        Path path = resolve(key);
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException("(stored object)");
        }
        try {
            channel.position(offset);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        InputStream stream = Channels.newInputStream(channel);
        return length < 0 ? stream : new Bounded(stream, length);
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    @Override
    public long size(String key) throws IOException {
        try {
            return Files.size(resolve(key));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException("(stored object)");
        }
    }

    @Override
    public String describe() {
        return "local " + root;
    }

    private Path resolve(String key) {
        Path path = root.resolve(StorageKeys.check(key)).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("bad storage key");
        }
        return path;
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Makes a rename durable; not every platform can open a directory, which is then left to the OS. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }

    /** Ends after {@code remaining} bytes. */
    private static final class Bounded extends FilterInputStream {
        private long remaining;

        Bounded(InputStream in, long remaining) {
            super(in);
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), remaining);
        }
    }
}

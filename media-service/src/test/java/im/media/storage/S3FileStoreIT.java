package im.media.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.media.api.FileNames;
import im.media.support.MediaSamples;
import im.media.support.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 store against a real S3-compatible server (S3Proxy, started by the test as its own process). */
class S3FileStoreIT {

    private static S3FileStore store;

    @TempDir
    Path temp;

    @BeforeAll
    static void connect() {
        S3ProxyServer server = S3ProxyServer.get();
        store = S3FileStore.create(server.endpoint(), S3ProxyServer.REGION, "store-it", true,
                S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY);
        store.ensureBucket();
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void putGetRangeDelete() throws IOException {
        byte[] bytes = MediaSamples.random(300_000, 21);
        String key = StorageKeys.file(FileNames.newName("bin"));
        Path source = Files.write(temp.resolve("upload"), bytes);

        store.put(key, source, "application/octet-stream");

        assertThat(store.exists(key)).isTrue();
        assertThat(store.size(key)).isEqualTo(bytes.length);
        assertThat(read(store.open(key))).isEqualTo(bytes);
        assertThat(read(store.open(key, 0, 100))).isEqualTo(Arrays.copyOfRange(bytes, 0, 100));
        assertThat(read(store.open(key, 123_456, 1000))).isEqualTo(Arrays.copyOfRange(bytes, 123_456, 124_456));
        assertThat(read(store.open(key, 299_990, -1))).isEqualTo(Arrays.copyOfRange(bytes, 299_990, 300_000));

        store.delete(key);
        assertThat(store.exists(key)).isFalse();
        store.delete(key);
        assertThatThrownBy(() -> store.open(key)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> store.size(key)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aStreamClosedEarlyDoesNotHoldTheConnection() throws IOException {
        byte[] bytes = MediaSamples.random(2_000_000, 22);
        String key = StorageKeys.file(FileNames.newName("bin"));
        store.put(key, Files.write(temp.resolve("big"), bytes), "application/octet-stream");

        for (int i = 0; i < 60; i++) {
            try (InputStream in = store.open(key)) {
                assertThat(in.readNBytes(10)).isEqualTo(Arrays.copyOf(bytes, 10));
            }
        }
        assertThat(read(store.open(key, 1_999_000, 1000))).isEqualTo(Arrays.copyOfRange(bytes, 1_999_000, 2_000_000));
        store.delete(key);
    }

    @Test
    void aMissingBucketIsCreatedAndBadKeysAreRefused() {
        S3ProxyServer server = S3ProxyServer.get();
        try (S3FileStore other = S3FileStore.create(server.endpoint(), S3ProxyServer.REGION, "created-it", true,
                S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)) {
            other.ensureBucket();
            assertThat(other.describe()).isEqualTo("s3 " + server.endpoint() + "/created-it");
            assertThatThrownBy(() -> other.open("../x")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void wrongCredentialsAreAnIoFailure() throws IOException {
        S3ProxyServer server = S3ProxyServer.get();
        Path source = Files.write(temp.resolve("x"), new byte[]{1});
        try (S3FileStore wrong = S3FileStore.create(server.endpoint(), S3ProxyServer.REGION, "store-it", true,
                S3ProxyServer.ACCESS_KEY, "not-the-secret")) {
            assertThatThrownBy(() -> wrong.put(StorageKeys.file(FileNames.newName("bin")), source, "x/y"))
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(NoSuchFileException.class);
        }
    }
}

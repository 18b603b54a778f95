package im.media.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.media.api.FileNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileStoreTest {

    @TempDir
    Path root;
    @TempDir
    Path temp;

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void putMovesTheFileIntoPlaceAndRangesReadPartsOfIt() throws IOException {
        LocalFileStore store = new LocalFileStore(root.resolve("media"));
        String key = StorageKeys.file(FileNames.newName("bin"));
        byte[] bytes = new byte[10_000];
        new java.util.Random(5).nextBytes(bytes);
        Path source = Files.write(temp.resolve("upload"), bytes);

        store.put(key, source, "application/octet-stream");

        assertThat(source).doesNotExist();
        assertThat(store.exists(key)).isTrue();
        assertThat(store.size(key)).isEqualTo(10_000);
        assertThat(read(store.open(key))).isEqualTo(bytes);
        assertThat(read(store.open(key, 100, 50))).isEqualTo(java.util.Arrays.copyOfRange(bytes, 100, 150));
        assertThat(read(store.open(key, 9_990, -1))).isEqualTo(java.util.Arrays.copyOfRange(bytes, 9_990, 10_000));
        assertThat(root.resolve("media").resolve(key)).exists();

        store.delete(key);
        store.delete(key);
        assertThat(store.exists(key)).isFalse();
        assertThatThrownBy(() -> store.open(key)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> store.size(key)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void anExistingObjectIsNeverReplaced() throws IOException {
        LocalFileStore store = new LocalFileStore(root);
        String key = StorageKeys.file(FileNames.newName("txt"));
        store.put(key, Files.writeString(temp.resolve("a"), "first"), "text/plain");

        assertThatThrownBy(() -> store.put(key, Files.writeString(temp.resolve("b"), "second"), "text/plain"))
                .isInstanceOf(IOException.class);
        assertThat(read(store.open(key))).isEqualTo("first".getBytes());
    }

    @Test
    void keysCannotLeaveTheRoot() throws IOException {
        LocalFileStore store = new LocalFileStore(root.resolve("media"));
        Files.writeString(root.resolve("secret"), "secret");
        for (String key : new String[]{"../secret", "files/../../secret", "/etc/passwd", "a//b", "a\\b", "", ".",
                "files/./x"}) {
            assertThatThrownBy(() -> store.open(key)).as(key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.delete(key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(root.resolve("secret")).exists();
    }

    @Test
    void theLayoutShardsByTheNamesFirstTwoDigits() {
        String name = "ab9c8f2e-6d1a-4f3b-8e2c-5a7d9e1f3c20.png";
        assertThat(StorageKeys.file(name)).isEqualTo("files/ab/" + name);
        assertThat(StorageKeys.thumbnail(name)).isEqualTo("thumbnails/ab/" + name + ".jpg");
        assertThatThrownBy(() -> StorageKeys.file("../x")).isInstanceOf(IllegalArgumentException.class);
    }
}

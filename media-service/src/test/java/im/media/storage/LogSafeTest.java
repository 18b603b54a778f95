package im.media.storage;

import static org.assertj.core.api.Assertions.assertThat;

import im.media.api.FileNames;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

/** Storage failures are described for WARN lines without the names of stored files. */
class LogSafeTest {

    @Test
    void namesInAFailureAreReplaced() {
        String name = FileNames.newName("png");
        String key = StorageKeys.file(name);

        String described = LogSafe.describe(new FileSystemException("/data/media/" + key + ": Read-only file system"));

        assertThat(described).isEqualTo("FileSystemException: /data/media/files/" + name.substring(0, 2)
                + "/<name>: Read-only file system").doesNotContain(name);
        assertThat(LogSafe.redact("PUT http://s3/bucket/" + StorageKeys.thumbnail(name) + " failed"))
                .doesNotContain(name.substring(0, 36)).contains("/<name> failed");
        assertThat(LogSafe.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
    }

    @Test
    void theStoresOwnFailuresNameNoKey() throws Exception {
        java.nio.file.Path root = java.nio.file.Files.createTempDirectory("logsafe");
        LocalFileStore store = new LocalFileStore(root);
        String name = FileNames.newName("txt");
        String key = StorageKeys.file(name);
        store.put(key, java.nio.file.Files.writeString(root.resolve("a"), "first"), "text/plain");

        Exception exists = org.assertj.core.api.Assertions.catchException(
                () -> store.put(key, java.nio.file.Files.writeString(root.resolve("b"), "second"), "text/plain"));
        Exception missing = org.assertj.core.api.Assertions.catchException(
                () -> store.open(StorageKeys.file(FileNames.newName("txt"))));
        Exception size = org.assertj.core.api.Assertions.catchException(
                () -> store.size(StorageKeys.file(FileNames.newName("txt"))));

        for (Exception e : new Exception[] {exists, missing, size}) {
            assertThat(e).isNotNull();
            assertThat(e.toString()).doesNotContainPattern("[0-9a-f]{8}-[0-9a-f]{4}-");
        }
    }
}

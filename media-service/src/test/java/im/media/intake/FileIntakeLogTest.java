package im.media.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.Mockito.mock;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import im.media.config.MediaProperties;
import im.media.inspect.ContentInspector;
import im.media.inspect.ThumbnailMaker;
import im.media.storage.FileStore;
import im.media.support.MediaSamples;
import im.platform.axon.ReadYourWrites;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;

/** A storage failure is logged at WARN without the stored file's name (names are logged at DEBUG only). */
class FileIntakeLogTest {

    /** Fails every put and delete with a message holding the path, as the JDK's file system exceptions do. */
    static final class FailingStore implements FileStore {
        @Override
        public void put(String key, Path source, String contentType) throws IOException {
            throw new FileSystemException("/data/media/" + key + ": No space left on device");
        }

        @Override
        public InputStream open(String key, long offset, long length) throws IOException {
            throw new FileSystemException("/data/media/" + key);
        }

        @Override
        public boolean exists(String key) {
            return false;
        }

        @Override
        public void delete(String key) throws IOException {
            throw new FileSystemException("/data/media/" + key + ": Read-only file system");
        }

        @Override
        public long size(String key) throws IOException {
            throw new FileSystemException("/data/media/" + key);
        }

        @Override
        public String describe() {
            return "failing";
        }
    }

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(FileIntake.class);

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
    }

    @Test
    void aFailingStoreIsLoggedWithoutTheName() throws IOException {
        MediaProperties properties = new MediaProperties("local", dir, "",
                new MediaProperties.S3("", "im-media", "us-east-1", "", "", true),
                new MediaProperties.Limits(DataSize.ofMegabytes(1), DataSize.ofMegabytes(1), DataSize.ofMegabytes(1),
                        DataSize.ofMegabytes(1), DataSize.ofMegabytes(1)), "http://127.0.0.1:1");
        FileIntake intake = new FileIntake(new FailingStore(), new ContentInspector(), new ThumbnailMaker(),
                mock(MediaCommands.class), mock(ReadYourWrites.class), properties, new SimpleMeterRegistry());

        UploadRefused refused = catchThrowableOfType(UploadRefused.class,
                () -> intake.storeChatFile("[usr]someone", new ByteArrayInputStream(MediaSamples.png(20, 20)), null));

        assertThat(refused).isNotNull();
        assertThat(refused.status()).isEqualTo(503);
        List<String> warnings = appender.list.stream().filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(warnings).hasSizeGreaterThanOrEqualTo(2)
                .anySatisfy(line -> assertThat(line).startsWith("storing an upload failed (failing): "
                        + "FileSystemException: /data/media/files/"))
                .anySatisfy(line -> assertThat(line).startsWith("could not delete a stored object"))
                .allSatisfy(line -> assertThat(line).doesNotContainPattern("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}")
                        .contains("<name>"));
    }
}

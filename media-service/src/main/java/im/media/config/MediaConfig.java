package im.media.config;

import im.media.storage.FileStore;
import im.media.storage.LocalFileStore;
import im.media.storage.S3FileStore;
import im.platform.web.RequestBodyLimit;
import jakarta.servlet.MultipartConfigElement;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** The file store of {@code im.media.storage}, the body limits of the upload routes, and Tomcat's path handling. */
@Configuration
public class MediaConfig {

    public static final String CHAT_FILES_PATH = "/internal/v1/chat-files";
    public static final String AVATAR_PATH = "/file";
    /** Room for the multipart framing and the {@code uuid} field around an avatar. */
    static final long MULTIPART_OVERHEAD = 64 * 1024;
    /** Room for a data URL's header ({@code data:<type>;base64,}) and line breaks. */
    static final long DATA_URL_OVERHEAD = 64 * 1024;
    static final long FILTER_HEADROOM = 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(MediaConfig.class);

    @Bean
    FileStore fileStore(MediaProperties properties) throws IOException {
        FileStore store;
        if (properties.usesS3()) {
            MediaProperties.S3 s3 = properties.s3();
            S3FileStore s3Store = S3FileStore.create(s3.endpoint(), s3.region(), s3.bucket(), s3.pathStyle(),
                    s3.accessKey(), s3.secretKey());
            s3Store.ensureBucket();
            store = s3Store;
        } else {
            store = new LocalFileStore(properties.dir());
        }
        log.info("media storage: {}", store.describe());
        return store;
    }

    /**
     * The body limit of {@code POST /internal/v1/chat-files}: the largest chat file as a base64 data URL (4
     * characters per 3 bytes) plus its header ({@link #dataUrlBound}), and {@value #FILTER_HEADROOM} bytes more, so
     * that the route's own checks (a declared length over its bound; the decoded bytes over the limit of their kind,
     * counted while streaming) always come first and answer {@code file_too_large}; the filter is the backstop.
     * Every other route keeps {@code im.legacy.max-body-bytes}.
     */
    @Bean
    RequestBodyLimit chatFilesBodyLimit(MediaProperties properties) {
        return new RequestBodyLimit(CHAT_FILES_PATH,
                dataUrlBound(properties.limits().largestChatFile()) + FILTER_HEADROOM);
    }

    /** {@code POST /file}: one avatar and the multipart framing around it. */
    @Bean
    RequestBodyLimit avatarBodyLimit(MediaProperties properties) {
        return new RequestBodyLimit(AVATAR_PATH, properties.limits().avatar().toBytes() + MULTIPART_OVERHEAD);
    }

    /**
     * Multipart parsing ({@code POST /file}, the only multipart route) stops at the avatar limit + 64 KiB, for the
     * request and for a part ({@code spring.servlet.multipart.max-request-size} and {@code max-file-size}, set here
     * from {@code IM_MEDIA_MAX_AVATAR_BYTES}; the other {@code spring.servlet.multipart.*} settings apply). Tomcat
     * parses a multipart body from its own stream, not through the {@link RequestBodyLimit} filter's wrapper, so
     * without this a chunked body (no {@code Content-Length} to refuse up front) would be read, and spooled to disk,
     * whatever its size. Above it: {@code MaxUploadSizeExceededException}, answered 413 by the file controller.
     */
    @Bean
    MultipartConfigElement multipartConfigElement(MultipartProperties multipart, MediaProperties properties) {
        DataSize max = DataSize.ofBytes(properties.limits().avatar().toBytes() + MULTIPART_OVERHEAD);
        MultipartConfigFactory factory = new MultipartConfigFactory();
        factory.setLocation(multipart.getLocation());
        factory.setFileSizeThreshold(multipart.getFileSizeThreshold());
        factory.setMaxFileSize(max);
        factory.setMaxRequestSize(max);
        return factory.createMultipartConfig();
    }

    /** The longest data URL of a file of {@code maxBytes}: base64 (4 characters per 3 bytes) and its header. */
    public static long dataUrlBound(long maxBytes) {
        return (maxBytes + 2) / 3 * 4 + DATA_URL_OVERHEAD;
    }

    /**
     * Encoded {@code /} and {@code \} ({@code %2F}, {@code %5C}) stay encoded in the path instead of being refused by
     * Tomcat with a bare 400, so {@code GET /file/..%2Fx} reaches the file routes, whose name check answers 400
     * {@code invalid file name} in the legacy envelope (the decoded name has a path character). No route here
     * serves paths from a directory, so nothing can be reached through them.
     */
    @Bean
    TomcatConnectorCustomizer encodedSeparatorsReachTheRoutes() {
        return connector -> {
            connector.setEncodedSolidusHandling("passthrough");
            connector.setEncodedReverseSolidusHandling("passthrough");
        };
    }
}

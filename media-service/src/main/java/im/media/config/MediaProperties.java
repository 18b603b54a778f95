package im.media.config;

import java.nio.file.Path;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of media-service ({@code im.media.*}); every one has an environment variable (see application.yml).
 *
 * @param storage        {@code local} (a directory) or {@code s3} (an S3-compatible bucket)
 * @param dir            the local store's directory ({@code IM_MEDIA_DIR})
 * @param tempDir        where uploads are spooled before they are stored ({@code IM_MEDIA_TEMP_DIR}); blank: {@code
 *                       <dir>/.tmp} for the local store (same file system, so the final move is a rename), the
 *                       JVM's temporary directory + {@code /im-media} for S3
 * @param s3             the S3 store
 * @param limits         the largest file of each kind
 * @param userServiceUrl where user-service is, for avatar changes ({@code USER_SERVICE_URL})
 */
@ConfigurationProperties("im.media")
public record MediaProperties(
        @DefaultValue("local") String storage,
        @DefaultValue(".data/media") Path dir,
        @DefaultValue("") String tempDir,
        @DefaultValue S3 s3,
        @DefaultValue Limits limits,
        @DefaultValue("http://127.0.0.1:8081") String userServiceUrl) {

    public static final String LOCAL = "local";
    public static final String S3_STORAGE = "s3";

    public MediaProperties {
        storage = storage == null ? LOCAL : storage.trim().toLowerCase(Locale.ROOT);
        if (!storage.equals(LOCAL) && !storage.equals(S3_STORAGE)) {
            throw new IllegalArgumentException(
                    "im.media.storage (IM_MEDIA_STORAGE) must be local or s3, not '" + storage + "'");
        }
        if (storage.equals(S3_STORAGE) && (s3.bucket() == null || s3.bucket().isBlank())) {
            throw new IllegalArgumentException("im.media.s3.bucket (IM_MEDIA_S3_BUCKET) is required for s3 storage");
        }
        if (userServiceUrl == null
                || !(userServiceUrl.startsWith("http://") || userServiceUrl.startsWith("https://"))) {
            throw new IllegalArgumentException(
                    "im.media.user-service-url (USER_SERVICE_URL) must be an http(s) URL, was " + userServiceUrl);
        }
    }

    public boolean usesS3() {
        return storage.equals(S3_STORAGE);
    }

    /** The spool directory, as described for {@code tempDir}. */
    public Path resolvedTempDir() {
        if (tempDir != null && !tempDir.isBlank()) {
            return Path.of(tempDir);
        }
        return usesS3() ? Path.of(System.getProperty("java.io.tmpdir"), "im-media") : dir.resolve(".tmp");
    }

    /**
     * @param endpoint  e.g. {@code http://127.0.0.1:9000}; blank: AWS S3 itself ({@code IM_MEDIA_S3_ENDPOINT})
     * @param bucket    {@code IM_MEDIA_S3_BUCKET}; created at start if it does not exist
     * @param region    {@code IM_MEDIA_S3_REGION}
     * @param accessKey {@code IM_MEDIA_S3_ACCESS_KEY}; blank: the SDK's default credential chain
     * @param secretKey {@code IM_MEDIA_S3_SECRET_KEY}
     * @param pathStyle {@code http://host/bucket/key} rather than {@code http://bucket.host/key}
     *                  ({@code IM_MEDIA_S3_PATH_STYLE}; most S3-compatible servers want it)
     */
    public record S3(
            @DefaultValue("") String endpoint,
            @DefaultValue("im-media") String bucket,
            @DefaultValue("us-east-1") String region,
            @DefaultValue("") String accessKey,
            @DefaultValue("") String secretKey,
            @DefaultValue("true") boolean pathStyle) {

        @Override
        public String toString() {
            return "S3[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region + ", pathStyle=" + pathStyle
                    + "]"; // never the keys
        }
    }

    /**
     * The largest file of each kind; a chat file's kind is what its bytes are (image, audio, video, anything else).
     */
    public record Limits(
            @DefaultValue("10MB") DataSize image,
            @DefaultValue("10MB") DataSize audio,
            @DefaultValue("15MB") DataSize video,
            @DefaultValue("15MB") DataSize file,
            @DefaultValue("2MB") DataSize avatar) {

        public Limits {
            for (DataSize limit : new DataSize[]{image, audio, video, file, avatar}) {
                if (limit == null || limit.toBytes() <= 0) {
                    throw new IllegalArgumentException("im.media.limits.* (IM_MEDIA_MAX_*_BYTES) must be positive");
                }
            }
        }

        /** The largest chat file of any kind: what an upload may stream before its kind is known. */
        public long largestChatFile() {
            return Math.max(Math.max(image.toBytes(), audio.toBytes()), Math.max(video.toBytes(), file.toBytes()));
        }
    }
}

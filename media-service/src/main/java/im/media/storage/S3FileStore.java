package im.media.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Objects in an S3-compatible bucket (AWS S3, MinIO, Ceph, S3Proxy, ...), through the AWS SDK v2's synchronous
 * client. A PUT is atomic in S3 itself: the object appears whole when the request completes, or not at all. Ranges
 * are read with {@code Range: bytes=a-b}, so seeking in a video never downloads the whole object; a stream closed
 * before its end aborts its HTTP request instead of draining it.
 *
 * <p>For other S3 implementations the client sends checksums only where S3 requires them (the SDK's default since
 * 2.30 adds CRC trailers with aws-chunked encoding to every upload, which many of them refuse), and path-style
 * addressing ({@code http://host/bucket/key}) is the default ({@code IM_MEDIA_S3_PATH_STYLE}). Without an access key
 * the SDK's default credential chain applies (environment, profile, instance role). SDK failures become
 * {@link IOException}s, a missing object a {@link NoSuchFileException}.
 */
public class S3FileStore implements FileStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(S3FileStore.class);

    private final S3Client s3;
    private final String bucket;
    private final String description;

    public S3FileStore(S3Client s3, String bucket, String description) {
        this.s3 = s3;
        this.bucket = bucket;
        this.description = description;
    }

    /**
     * @param endpoint  e.g. {@code http://127.0.0.1:9000}; blank: AWS's own endpoint for the region
     * @param accessKey blank: the default credential chain
     */
    public static S3FileStore create(String endpoint, String region, String bucket, boolean pathStyle,
                                     String accessKey, String secretKey) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(region))
                .forcePathStyle(pathStyle)
                .credentialsProvider(credentials(accessKey, secretKey))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        String where = (endpoint == null || endpoint.isBlank() ? "aws " + region : endpoint) + "/" + bucket;
        return new S3FileStore(builder.build(), bucket, "s3 " + where);
    }

    private static AwsCredentialsProvider credentials(String accessKey, String secretKey) {
        if (accessKey == null || accessKey.isBlank()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey == null ? "" : secretKey));
    }

    /** Creates the bucket when it does not exist yet; a failure is logged (uploads then answer 503 until it works). */
    public void ensureBucket() {
        try {
            s3.headBucket(request -> request.bucket(bucket));
        } catch (NoSuchBucketException e) {
            try {
                s3.createBucket(request -> request.bucket(bucket));
                log.info("created bucket {}", bucket);
            } catch (SdkException created) {
                log.warn("bucket {} does not exist and could not be created: {}", bucket, created.toString());
            }
        } catch (SdkException e) {
            log.warn("bucket {} not reachable: {}", bucket, e.toString());
        }
    }

    @Override
    public void put(String key, Path source, String contentType) throws IOException {
        StorageKeys.check(key);
        try {
            s3.putObject(request -> request.bucket(bucket).key(key).contentType(contentType),
                    RequestBody.fromFile(source));
        } catch (SdkException e) {
            throw failure("put", e);
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        StorageKeys.check(key);
        String range = offset == 0 && length < 0 ? null
                : "bytes=" + offset + "-" + (length < 0 ? "" : String.valueOf(offset + length - 1));
        try {
            ResponseInputStream<GetObjectResponse> stream =
                    s3.getObject(request -> request.bucket(bucket).key(key).range(range));
            long expected = stream.response().contentLength() == null ? -1 : stream.response().contentLength();
            return new AbortingStream(stream, expected);
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException("(stored object)");
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new NoSuchFileException("(stored object)");
            }
            throw failure("get", e);
        } catch (SdkException e) {
            throw failure("get", e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            size(key);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public void delete(String key) throws IOException {
        StorageKeys.check(key);
        try {
            s3.deleteObject(request -> request.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw failure("delete", e);
        }
    }

    @Override
    public long size(String key) throws IOException {
        StorageKeys.check(key);
        try {
            return s3.headObject(request -> request.bucket(bucket).key(key)).contentLength();
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException("(stored object)");
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new NoSuchFileException("(stored object)");
            }
            throw failure("head", e);
        } catch (SdkException e) {
            throw failure("head", e);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        s3.close();
    }

    private static IOException failure(String operation, SdkException e) {
        // never the key: it holds the file's name, and the message reaches WARN lines
        return new IOException("s3 " + operation + " failed: " + LogSafe.redact(e.getMessage()), e);
    }

    /** Aborts the HTTP request when closed before the end, so an abandoned download does not drain the object. */
    private static final class AbortingStream extends FilterInputStream {
        private final ResponseInputStream<GetObjectResponse> response;
        private long remaining;

        AbortingStream(ResponseInputStream<GetObjectResponse> response, long length) {
            super(response);
            this.response = response;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                remaining--;
            } else {
                remaining = 0;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                remaining -= n;
            } else if (n < 0) {
                remaining = 0;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            if (remaining != 0) {
                response.abort();
            }
            super.close();
        }
    }
}

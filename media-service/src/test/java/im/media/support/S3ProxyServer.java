package im.media.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real S3-compatible server for the tests: S3Proxy (org.gaul:s3proxy, its self-contained jar, copied into
 * {@code target/s3proxy} by the build's maven-dependency-plugin and named by the system property {@code s3proxy.jar})
 * started as its own {@code java -jar} process on a free loopback port, with jclouds' {@code filesystem-nio2} backend
 * in a fresh directory, AWS signature v2/v4 with a fixed test key. One per test JVM, stopped when the JVM exits.
 */
public final class S3ProxyServer {

    public static final String ACCESS_KEY = "im-test-access";
    public static final String SECRET_KEY = "im-test-secret-key";
    public static final String REGION = "us-east-1";

    private static S3ProxyServer instance;

    private final Process process;
    private final String endpoint;
    private final Path log;

    private S3ProxyServer() throws IOException, InterruptedException {
        String jar = System.getProperty("s3proxy.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("S3Proxy's jar is not at the system property s3proxy.jar (" + jar
                    + "): run the integration tests through Maven (failsafe), which copies it into target/s3proxy");
        }
        Path work = Files.createTempDirectory("s3proxy-");
        Path data = Files.createDirectories(work.resolve("data"));
        int port = freePort();
        endpoint = "http://127.0.0.1:" + port;
        Path properties = work.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem-nio2",
                "jclouds.identity=local-identity",
                "jclouds.credential=local-credential",
                "jclouds.filesystem.basedir=" + data,
                ""));
        log = work.resolve("s3proxy.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-jar", jar,
                "--properties", properties.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "s3proxy-stop"));
        awaitPort(port, Duration.ofSeconds(60));
    }

    public static synchronized S3ProxyServer get() {
        if (instance == null) {
            try {
                instance = new S3ProxyServer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    public String endpoint() {
        return endpoint;
    }

    private void awaitPort(int port, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + ":\n"
                        + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("S3Proxy did not open port " + port + ":\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

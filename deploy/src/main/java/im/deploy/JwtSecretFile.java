package im.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The token-signing secret of a local installation that did not set {@code IM_JWT_SECRET}: 48 random bytes, base64,
 * generated once and kept in a file readable only by its owner, so that issued tokens stay valid across restarts.
 */
final class JwtSecretFile {

    private static final int SECRET_BYTES = 48;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private JwtSecretFile() {
    }

    /** Reads the secret from {@code file}, creating the file first if it does not exist. */
    static String loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            try {
                create(file);
            } catch (FileAlreadyExistsException raced) {
                // another launcher created it at the same moment: use theirs
            }
        }
        String secret = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (secret.length() < LauncherConfig.MIN_JWT_SECRET_BYTES) {
            throw new IOException(file + " holds no usable secret; delete it to have a new one generated"
                    + " (tokens issued with the old one become invalid)");
        }
        return secret;
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] random = new byte[SECRET_BYTES];
        new SecureRandom().nextBytes(random);
        String secret = Base64.getEncoder().encodeToString(random);
        Path created;
        try {
            created = Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException notPosix) {
            created = Files.createFile(file);
        }
        Files.writeString(created, secret + "\n", StandardCharsets.US_ASCII);
    }
}

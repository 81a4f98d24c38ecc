package care.gateway.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * The RSA key that signs development tokens. Kept in a file (owner-only) when one is configured, so
 * a restarted local platform still accepts the tokens it issued before.
 */
final class DevSigningKey {

    private DevSigningKey() {
    }

    static RSAKey loadOrCreate(Path file) {
        try {
            if (file != null && Files.exists(file)) {
                JWK jwk = JWK.parse(Files.readString(file, StandardCharsets.UTF_8));
                return jwk.toRSAKey();
            }
            RSAKey key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID("dev-" + UUID.randomUUID())
                    .generate();
            if (file != null) {
                write(file, key);
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the development signing key", e);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("The development signing key file is not a valid RSA JWK", e);
        }
    }

    private static void write(Path file, RSAKey key) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, "signing-key", ".tmp");
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file keeps the folder's permissions.
        }
        Files.writeString(temporary, key.toJSONString(), StandardCharsets.UTF_8);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

}

package app;

import domain.CallbackTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret callback tokens are signed with. Every replica must hold the same one, so it comes from
 * {@code callbacks.secret} (or CALLBACKS_SECRET). Only a run whose coordinator and stand-ins are all
 * in this JVM may do without: it keeps a generated one under data/, readable by its owner only.
 */
final class CallbackSecret {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackSecret.class);
    static final String HOW_TO_SET = "set callbacks.secret (environment CALLBACKS_SECRET) to the same random value of at least "
            + CallbackTokens.MIN_SECRET_LENGTH + " characters on every replica, e.g. the output of 'openssl rand -base64 32'"
            + " (docs/security.md, 'Callback tokens')";

    private CallbackSecret() {
    }

    static String resolve(String configured, Path file, boolean everythingLocal) {
        if (!configured.isBlank()) {
            if (configured.length() < CallbackTokens.MIN_SECRET_LENGTH) {
                throw new IllegalStateException("callbacks.secret is too short: " + HOW_TO_SET);
            }
            return configured;
        }
        if (!everythingLocal) {
            throw new IllegalStateException("No callback secret: the coordinator or a stand-in is not in this JVM, so replicas"
                    + " and restarts must share one. " + HOW_TO_SET);
        }
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the local callback secret in " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path draft = Files.createTempFile(dir, ".callback-secret", ".part");
        try {
            if (Files.getFileStore(draft).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(draft, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(draft, Base64.getUrlEncoder().withoutPadding().encodeToString(random), StandardCharsets.US_ASCII);
            Files.move(draft, file);
            LOG.info("Generated the callback secret of this local run in {}", file);
        } catch (FileAlreadyExistsException madeMeanwhile) {
            // the one another start made first stands
        } finally {
            Files.deleteIfExists(draft);
        }
    }
}

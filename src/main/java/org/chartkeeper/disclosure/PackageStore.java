package org.chartkeeper.disclosure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.chartkeeper.ChartkeeperProperties;
import org.chartkeeper.IntegrityFailureException;
import org.springframework.stereotype.Component;

/**
 * Release packages, content-addressed like the record's files: under {@code <data-dir>/release-packages} a package
 * lives at {@code ab/cd/<sha256>}, is written to a temporary file and moved into place, and is handed out only if
 * it still hashes to its address.
 */
@Component
class PackageStore {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path root;

    PackageStore(ChartkeeperProperties properties) {
        this.root = properties.dataDir().toAbsolutePath().normalize().resolve("release-packages");
    }

    /** Stores the bytes and returns their SHA-256. */
    String put(byte[] content) {
        String sha = sha256Hex(content);
        Path target = path(sha);
        try {
            if (Files.exists(target) && sha.equals(sha256Hex(Files.readAllBytes(target)))) return sha;
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "package-", ".part");
            try {
                Files.write(tmp, content);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return sha;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The package's bytes, verified against its SHA-256. */
    byte[] read(String sha256) {
        try {
            byte[] bytes = Files.readAllBytes(path(sha256));
            if (!sha256.equals(sha256Hex(bytes))) {
                throw new IntegrityFailureException("Release package " + sha256.substring(0, 12)
                        + " no longer matches its SHA-256; rebuild the package");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new IntegrityFailureException("Release package " + sha256.substring(0, 12)
                    + " is missing from the store; rebuild the package");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path path(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) throw new IllegalArgumentException("not a SHA-256");
        return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

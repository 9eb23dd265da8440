package org.chartkeeper.record;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.chartkeeper.ChartkeeperProperties;
import org.springframework.stereotype.Component;

/**
 * The content-addressed file store under {@code <data-dir>/documents}: a file's path is its SHA-256
 * ({@code ab/cd/abcd...}), so equal content is stored once and a stored file never changes. Writes go to a temporary
 * file that is moved into place atomically; reads hash what they read and hand it out only if it still matches.
 */
@Component
class ContentStore {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path root;

    ContentStore(ChartkeeperProperties properties) {
        this.root = properties.dataDir().toAbsolutePath().normalize().resolve("documents");
    }

    /** What was stored: its SHA-256 and length. */
    record Stored(String sha256, long size) {}

    /** The content read back and verified, or why it could not be. */
    sealed interface Read permits Read.Ok, Read.Missing, Read.Mismatch {
        record Ok(byte[] bytes) implements Read {}
        record Missing() implements Read {}
        record Mismatch(String actualSha256) implements Read {}
    }

    Stored put(byte[] content) {
        try (InputStream in = new java.io.ByteArrayInputStream(content)) {
            return put(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores the stream's content (hashing while copying to a temporary file) and returns its address. */
    Stored put(InputStream content) {
        try {
            Path tmpDir = root.resolve("tmp");
            Files.createDirectories(tmpDir);
            Path tmp = Files.createTempFile(tmpDir, "upload-", ".part");
            try {
                MessageDigest digest = sha256();
                long size;
                try (DigestInputStream in = new DigestInputStream(content, digest)) {
                    size = Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                String sha = HexFormat.of().formatHex(digest.digest());
                Path target = path(sha);
                // the same content already stored, and intact; a damaged copy is replaced by the good bytes
                if (Files.exists(target) && read(sha) instanceof Read.Ok) return new Stored(sha, size);
                Files.createDirectories(target.getParent());
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                return new Stored(sha, size);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the file stored under this SHA-256 and checks its content still hashes to it. */
    Read read(String sha256) {
        Path file = path(sha256);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Read.Missing();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String actual = sha256Hex(bytes);
        return actual.equals(sha256) ? new Read.Ok(bytes) : new Read.Mismatch(actual);
    }

    /** Where the file with this SHA-256 lives (tests use it to tamper with a file on disk). */
    /** Deletes the stored file with this address (its document was destroyed); true if there was one. */
    boolean delete(String sha256) {
        try {
            return Files.deleteIfExists(path(sha256));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path path(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256 in hex");
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }

    Optional<Long> size(String sha256) {
        try {
            return Optional.of(Files.size(path(sha256)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

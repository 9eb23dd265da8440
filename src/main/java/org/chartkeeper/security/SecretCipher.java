package org.chartkeeper.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.chartkeeper.ChartkeeperProperties;
import org.springframework.stereotype.Component;

/**
 * AES-256-GCM for secrets kept in the database (MFA secrets, and later SSNs). The key comes from
 * {@code chartkeeper.security.secret-key}, or is generated once into {@code <data-dir>/secret.key} (owner-only).
 * Every node of a cluster must share the key.
 */
@Component
public class SecretCipher {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec key;

    public SecretCipher(ChartkeeperProperties properties) {
        this.key = new SecretKeySpec(loadKey(properties), "AES");
    }

    public String encrypt(String plain) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[iv.length + ct.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(ct, 0, out, iv.length, ct.length);
            return "v1:" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    public String decrypt(String stored) {
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(3));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
            return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("A stored secret could not be decrypted: is chartkeeper.security.secret-key the key it was written with?", e);
        }
    }

    private static byte[] loadKey(ChartkeeperProperties properties) {
        String configured = properties.security().secretKey();
        if (configured != null && !configured.isBlank()) {
            byte[] k = Base64.getDecoder().decode(configured.strip());
            if (k.length != 32) throw new IllegalStateException("chartkeeper.security.secret-key must be 32 bytes, Base64-encoded");
            return k;
        }
        Path file = properties.dataDir().resolve("secret.key");
        try {
            if (Files.exists(file)) return Base64.getDecoder().decode(Files.readString(file).strip());
            Files.createDirectories(file.getParent());
            byte[] k = new byte[32];
            RANDOM.nextBytes(k);
            Files.writeString(file, Base64.getEncoder().encodeToString(k));
            try {
                Files.setPosixFilePermissions(file, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            return k;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the key file " + file, e);
        }
    }
}

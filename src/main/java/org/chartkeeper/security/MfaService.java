package org.chartkeeper.security;

import dev.samstevens.totp.code.CodeVerifier;
import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.DefaultCodeVerifier;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.exceptions.QrGenerationException;
import dev.samstevens.totp.qr.QrData;
import dev.samstevens.totp.qr.ZxingPngQrGenerator;
import dev.samstevens.totp.secret.DefaultSecretGenerator;
import dev.samstevens.totp.time.SystemTimeProvider;
import java.time.Clock;
import java.util.Base64;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.AuditEntry;
import org.chartkeeper.audit.AuditOutcome;
import org.chartkeeper.audit.AuditService;
import org.chartkeeper.audit.DataCategory;
import org.springframework.stereotype.Service;

/** TOTP (RFC 6238) second factor: enrolment with a QR code, and verification at login. */
@Service
public class MfaService {

    private final UserRepository users;
    private final UserService userService;
    private final SecretCipher cipher;
    private final AuditService audit;
    private final Clock clock;
    private final CodeVerifier verifier;

    public MfaService(UserRepository users, UserService userService, SecretCipher cipher, AuditService audit, Clock clock) {
        this.users = users;
        this.userService = userService;
        this.cipher = cipher;
        this.audit = audit;
        this.clock = clock;
        DefaultCodeVerifier v = new DefaultCodeVerifier(new DefaultCodeGenerator(HashingAlgorithm.SHA1), new SystemTimeProvider());
        v.setAllowedTimePeriodDiscrepancy(1);
        this.verifier = v;
    }

    public record Enrolment(String secret, String qrDataUri, String otpauthUri) {}

    public boolean enrolled(CurrentUser user) {
        return users.mfaSecret(user.id()).isPresent();
    }

    public boolean required(CurrentUser user) {
        return userService.mfaRequired(user);
    }

    /** A new secret for the user to scan; nothing is stored until they confirm a code from it. */
    public Enrolment startEnrolment(CurrentUser user) {
        return reshow(user, new DefaultSecretGenerator(32).generate());
    }

    /** The enrolment for a secret already shown (after a mistyped code). */
    public Enrolment reshow(CurrentUser user, String secret) {
        QrData data = new QrData.Builder().label(user.username()).secret(secret).issuer("Chartkeeper")
                .algorithm(HashingAlgorithm.SHA1).digits(6).period(30).build();
        try {
            ZxingPngQrGenerator png = new ZxingPngQrGenerator();
            png.setImageSize(220);
            String uri = "data:image/png;base64," + Base64.getEncoder().encodeToString(png.generate(data));
            return new Enrolment(secret, uri, data.getUri());
        } catch (QrGenerationException e) {
            throw new IllegalStateException("QR code generation failed", e);
        }
    }

    /** Stores the secret once the user proves their authenticator produces its codes. */
    public void confirmEnrolment(CurrentUser user, String secret, String code) {
        if (secret == null || !secret.matches("[A-Z2-7]{32}")) {
            throw new InvalidRequestException("secret", "The enrolment expired; start again");
        }
        if (!validCode(code) || !verifier.isValidCode(secret, code.strip())) {
            audit.record(AuditEntry.of(AuditAction.MFA_ENROL, DataCategory.SECURITY, AuditOutcome.DENIED)
                    .withResource("User", user.id()).withDetail("wrong code during enrolment"));
            throw new InvalidRequestException("code", "That code does not match; check the time on your device and try the next code");
        }
        users.setMfa(user.id(), cipher.encrypt(secret), clock.instant());
        audit.record(AuditEntry.of(AuditAction.MFA_ENROL, DataCategory.SECURITY, AuditOutcome.SUCCESS)
                .withResource("User", user.id()).withDetail("enrolled an authenticator"));
    }

    public boolean verify(CurrentUser user, String code) {
        var stored = users.mfaSecret(user.id());
        boolean ok = stored.isPresent() && validCode(code) && verifier.isValidCode(cipher.decrypt(stored.get()), code.strip());
        audit.record(AuditEntry.of(ok ? AuditAction.LOGIN : AuditAction.LOGIN_FAILED, DataCategory.SECURITY,
                ok ? AuditOutcome.SUCCESS : AuditOutcome.DENIED).withDetail(ok ? "second factor accepted" : "wrong second-factor code"));
        return ok;
    }

    /** An administrator resets a user's authenticator (lost phone); audited. */
    public void reset(long userId) {
        users.setMfa(userId, null, null);
        audit.record(UserService.adminChange("User", userId, "authenticator reset"));
    }

    private static boolean validCode(String code) {
        return code != null && code.strip().matches("\\d{6}");
    }
}

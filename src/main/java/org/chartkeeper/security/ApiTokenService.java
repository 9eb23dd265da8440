package org.chartkeeper.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.audit.AuditService;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens. The secret is shown once when issued; only its SHA-256 is stored. A token acts as its user, with that
 * user's current roles, and stops working when revoked, expired, or when the user is disabled.
 */
@Service
public class ApiTokenService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final AuditService audit;
    private final UserService users;
    private final PermissionService permissions;
    private final Clock clock;
    private final ApiTokenCache cache;

    public ApiTokenService(JdbcClient jdbc, AuditService audit, UserService users, PermissionService permissions,
                           Clock clock, ApiTokenCache cache) {
        this.cache = cache;
        this.jdbc = jdbc;
        this.audit = audit;
        this.users = users;
        this.permissions = permissions;
        this.clock = clock;
    }

    public record TokenView(long id, long userId, String username, String name, Instant createdAt, Instant expiresAt,
                            Instant revokedAt, Instant lastUsedAt) {
        public boolean active(Instant now) {
            return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
        }
    }

    public record IssuedToken(TokenView token, String secret) {}

    /** Issues a token for {@code userId}; an administrator may do this for anyone, a user for themself. */
    @Transactional
    public IssuedToken issue(long userId, String name, Duration validFor, Actor actor) {
        checkMayManage(userId);
        return issueWithSecret(userId, name, "ck_" + randomSecret(), validFor, actor);
    }

    /** Used by the demo hospital for its well-known tokens ({@code demo-<username>}). */
    @Transactional
    public IssuedToken issueWithSecret(long userId, String name, String secret, Duration validFor, Actor actor) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new InvalidRequestException("name", "Give the token a name of 1 to 100 characters (what it is for)");
        }
        users.get(userId);
        Instant now = clock.instant();
        Instant expires = validFor == null ? null : now.plus(validFor);
        try {
            jdbc.sql("insert into api_token (user_id, name, token_hash, created_at, created_by, expires_at) values (?,?,?,?,?,?)")
                    .params(userId, name.strip(), hash(secret), utc(now), actor.userId(), expires == null ? null : utc(expires))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new InvalidRequestException("secret", "That token already exists");
        }
        long id = jdbc.sql("select id from api_token where token_hash = ?").param(hash(secret)).query(Long.class).single();
        audit.record(UserService.adminChange("ApiToken", id, "issued token '" + name.strip() + "' for user " + userId), actor);
        return new IssuedToken(get(id), secret);
    }

    public static final int DEFAULT_DAYS = 90;
    public static final int MAX_DAYS = 730;

    /** How long a token asked for {@code days} is valid: the default when not given, at most two years. */
    public static Duration validFor(Integer days) {
        int d = days == null ? DEFAULT_DAYS : days;
        if (d < 1 || d > MAX_DAYS) {
            throw new InvalidRequestException("days", "A token is valid for 1 to " + MAX_DAYS + " days");
        }
        return Duration.ofDays(d);
    }

    @Transactional
    public TokenView revoke(long tokenId, Actor actor) {
        TokenView t = get(tokenId);
        checkMayManage(t.userId());
        jdbc.sql("update api_token set revoked_at = ?, revoked_by = ? where id = ? and revoked_at is null")
                .params(utc(clock.instant()), actor.userId(), tokenId).update();
        cache.forgetToken(tokenId); // refused at once on this node
        audit.record(UserService.adminChange("ApiToken", tokenId, "revoked token '" + t.name() + "' of " + t.username()), actor);
        return get(tokenId);
    }

    public List<TokenView> forUser(long userId) {
        return jdbc.sql(SELECT + " where t.user_id = ? order by t.created_at desc").param(userId).query(this::map).list();
    }

    public List<TokenView> all() {
        return jdbc.sql(SELECT + " order by t.created_at desc").query(this::map).list();
    }

    public TokenView get(long id) {
        return jdbc.sql(SELECT + " where t.id = ?").param(id).query(this::map).optional()
                .orElseThrow(() -> new NotFoundException("No API token with id " + id));
    }

    /**
     * The user a presented token acts as, if the token is valid now. Remembered for a few seconds (see
     * {@link ApiTokenCache}: revocation and role changes are seen at once on this node).
     */
    public Optional<CurrentUser> authenticate(String secret) {
        if (secret == null || secret.isBlank() || secret.length() > 200) return Optional.empty();
        Instant now = clock.instant();
        String hash = hash(secret);
        Optional<ApiTokenCache.Entry> cached = cache.get(hash);
        if (cached.isPresent()) {
            ApiTokenCache.Entry e = cached.get();
            if (e.lastUsed() == null || e.lastUsed().isBefore(now.minus(Duration.ofMinutes(5)))) {
                jdbc.sql("update api_token set last_used_at = ? where id = ?").params(utc(now), e.tokenId()).update();
                cache.put(hash, new ApiTokenCache.Entry(e.tokenId(), e.userId(), e.expires(), now, e.user(), e.readAt()));
            }
            return Optional.of(e.user());
        }
        record Row(long id, long userId, Instant expires, Instant revoked, Instant lastUsed) {}
        Optional<Row> row = jdbc.sql("select id, user_id, expires_at, revoked_at, last_used_at from api_token where token_hash = ?")
                .param(hash)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getLong(2), UserRepository.instant(rs, 3),
                        UserRepository.instant(rs, 4), UserRepository.instant(rs, 5)))
                .optional();
        if (row.isEmpty() || row.get().revoked() != null
                || (row.get().expires() != null && !row.get().expires().isAfter(now))) {
            return Optional.empty();
        }
        Row r = row.get();
        Instant lastUsed = r.lastUsed();
        if (lastUsed == null || lastUsed.isBefore(now.minus(Duration.ofMinutes(5)))) {
            jdbc.sql("update api_token set last_used_at = ? where id = ?").params(utc(now), r.id()).update();
            lastUsed = now;
        }
        Optional<CurrentUser> user = users.currentUser(r.userId(), r.id());
        Instant used = lastUsed;
        user.ifPresent(u -> cache.put(hash, new ApiTokenCache.Entry(r.id(), r.userId(), r.expires(), used, u, now)));
        return user;
    }

    private void checkMayManage(long userId) {
        CurrentUser.find().ifPresent(u -> {
            if (u.id() != userId && !permissions.has(u, Permissions.ADMIN_TOKENS)) {
                audit.record(UserService.adminChange("User", userId, "refused: manage another user's API tokens")
                        .withOutcome(org.chartkeeper.audit.AuditOutcome.DENIED));
                throw new AccessDeniedException("Only an administrator may manage another user's tokens");
            }
        });
    }

    private static final String SELECT = "select t.id, t.user_id, u.username, t.name, t.created_at, t.expires_at,"
            + " t.revoked_at, t.last_used_at from api_token t join app_user u on u.id = t.user_id";

    private TokenView map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new TokenView(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                UserRepository.instant(rs, 5), UserRepository.instant(rs, 6), UserRepository.instant(rs, 7),
                UserRepository.instant(rs, 8));
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}

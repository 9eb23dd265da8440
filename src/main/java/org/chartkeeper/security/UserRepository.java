package org.chartkeeper.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class UserRepository {

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Credentials(long id, String username, String displayName, String passwordHash, boolean enabled,
                       int failedAttempts, Instant lockedUntil, String mfaSecret, boolean demo) {}

    private static final String ACCOUNT_COLUMNS = "id, username, display_name, enabled, failed_attempts, locked_until,"
            + " mfa_enrolled_at, demo, created_at, last_login_at, version";

    Optional<Credentials> credentials(String username) {
        return jdbc.sql("select id, username, display_name, password_hash, enabled, failed_attempts, locked_until,"
                        + " mfa_secret, demo from app_user where username = ?")
                .param(username)
                .query((rs, n) -> new Credentials(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5), rs.getInt(6), instant(rs, 7), rs.getString(8), rs.getBoolean(9)))
                .optional();
    }

    Optional<String> mfaSecret(long userId) {
        return jdbc.sql("select mfa_secret from app_user where id = ? and mfa_enrolled_at is not null")
                .param(userId).query(String.class).optional();
    }

    Set<String> roles(long userId) {
        return new HashSet<>(jdbc.sql("select role_code from user_role where user_id = ?").param(userId)
                .query(String.class).list());
    }

    Optional<UserAccount> find(long id) {
        return jdbc.sql("select " + ACCOUNT_COLUMNS + " from app_user where id = ?").param(id)
                .query((rs, n) -> account(rs)).optional();
    }

    Optional<UserAccount> findByUsername(String username) {
        return jdbc.sql("select " + ACCOUNT_COLUMNS + " from app_user where username = ?").param(username)
                .query((rs, n) -> account(rs)).optional();
    }

    List<UserAccount> all() {
        return jdbc.sql("select " + ACCOUNT_COLUMNS + " from app_user order by username")
                .query((rs, n) -> account(rs)).list();
    }

    long insert(String username, String displayName, String passwordHash, boolean demo, Instant now) {
        jdbc.sql("insert into app_user (username, display_name, password_hash, demo, created_at) values (?,?,?,?,?)")
                .params(username, displayName, passwordHash, demo, utc(now)).update();
        return jdbc.sql("select id from app_user where username = ?").param(username).query(Long.class).single();
    }

    void setRoles(long userId, Set<String> roles) {
        jdbc.sql("delete from user_role where user_id = ?").param(userId).update();
        for (String role : roles) {
            jdbc.sql("insert into user_role (user_id, role_code) values (?, ?)").params(userId, role).update();
        }
    }

    int bumpVersion(long userId, int expectedVersion) {
        return jdbc.sql("update app_user set version = version + 1 where id = ? and version = ?")
                .params(userId, expectedVersion).update();
    }

    void recordFailure(long userId, int attempts, Instant lockedUntil) {
        jdbc.sql("update app_user set failed_attempts = ?, locked_until = ? where id = ?")
                .params(attempts, lockedUntil == null ? null : utc(lockedUntil), userId).update();
    }

    void recordSuccess(long userId, Instant now) {
        jdbc.sql("update app_user set failed_attempts = 0, locked_until = null, last_login_at = ? where id = ?")
                .params(utc(now), userId).update();
    }

    void setEnabled(long userId, boolean enabled) {
        jdbc.sql("update app_user set enabled = ? where id = ?").params(enabled, userId).update();
    }

    void unlock(long userId) {
        jdbc.sql("update app_user set failed_attempts = 0, locked_until = null where id = ?").param(userId).update();
    }

    void setPassword(long userId, String hash) {
        jdbc.sql("update app_user set password_hash = ? where id = ?").params(hash, userId).update();
    }

    void setMfa(long userId, String encryptedSecret, Instant enrolledAt) {
        jdbc.sql("update app_user set mfa_secret = ?, mfa_enrolled_at = ? where id = ?")
                .params(encryptedSecret, enrolledAt == null ? null : utc(enrolledAt), userId).update();
    }

    boolean mfaRequiredByRole(long userId) {
        return jdbc.sql("select count(*) from user_role ur join role r on r.code = ur.role_code"
                        + " where ur.user_id = ? and r.mfa_required")
                .param(userId).query(Long.class).single() > 0;
    }

    private UserAccount account(ResultSet rs) throws SQLException {
        long id = rs.getLong(1);
        return new UserAccount(id, rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getInt(5), instant(rs, 6),
                rs.getObject(7) != null, rs.getBoolean(8), instant(rs, 9), instant(rs, 10), Set.copyOf(roles(id)),
                rs.getInt(11));
    }

    static Instant instant(ResultSet rs, int col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}

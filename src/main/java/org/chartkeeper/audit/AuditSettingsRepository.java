package org.chartkeeper.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class AuditSettingsRepository {

    record Row(String key, String value, Instant updatedAt, String updatedBy, int version) {}

    private static final String SELECT = "select s.setting_key, s.setting_value, s.updated_at, u.username, s.version"
            + " from setting s left join app_user u on u.id = s.updated_by";

    private final JdbcClient jdbc;

    AuditSettingsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Row> all() {
        return jdbc.sql(SELECT + " order by s.setting_key").query(this::row).list();
    }

    Optional<Row> find(String key) {
        return jdbc.sql(SELECT + " where s.setting_key = ?").param(key).query(this::row).optional();
    }

    int update(String key, String value, Long userId, Instant now, int expectedVersion) {
        return jdbc.sql("update setting set setting_value = ?, updated_at = ?, updated_by = ?, version = version + 1"
                        + " where setting_key = ? and version = ?")
                .params(value, OffsetDateTime.ofInstant(now, ZoneOffset.UTC), userId, key, expectedVersion)
                .update();
    }

    private Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        OffsetDateTime t = rs.getObject(3, OffsetDateTime.class);
        return new Row(rs.getString(1), rs.getString(2), t == null ? null : t.toInstant(), rs.getString(4), rs.getInt(5));
    }
}

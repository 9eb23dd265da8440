package org.chartkeeper.completion;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Deficiency rules, deficiencies and surgical cases: reading, waiving, editing. */
@Repository
class DeficiencyRepository {

    private static final String SELECT = "select x.id, x.encounter_id, x.patient_id, p.mrn, p.family_name || ', ' || p.given_name,"
            + " e.account_number, e.encounter_class, e.department, x.rule_code, r.description, x.item_key, x.kind,"
            + " x.document_id, d.title, d.status, d.version, x.surgical_case_id, x.type_code, t.name,"
            + " x.responsible_provider_id, pr.name, x.due_at, x.status, x.opened_at, x.resolved_at, x.resolution,"
            + " x.waived_at, x.waive_reason, x.version"
            + " from deficiency x join patient p on p.id = x.patient_id join encounter e on e.id = x.encounter_id"
            + " join deficiency_rule r on r.code = x.rule_code left join document d on d.id = x.document_id"
            + " left join document_type t on t.code = x.type_code left join provider pr on pr.id = x.responsible_provider_id";

    private final JdbcClient jdbc;

    DeficiencyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ------------------------------------------------------------------ rules

    List<DeficiencyRule> rules() {
        Map<String, List<String>> types = new HashMap<>();
        jdbc.sql("select rule_code, type_code from deficiency_rule_type order by rule_code, type_code")
                .query(rs -> { types.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2)); });
        return jdbc.sql("select code, description, check_type, encounter_class, anchor, window_minutes, lookback_minutes,"
                        + " responsible, active, source, sort_order, version from deficiency_rule order by sort_order, code")
                .query((rs, n) -> new DeficiencyRule(rs.getString(1), rs.getString(2), DeficiencyCheck.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getString(5), rs.getInt(6), rs.getInt(7), rs.getString(8), rs.getBoolean(9),
                        rs.getString(10), rs.getInt(11), List.copyOf(types.getOrDefault(rs.getString(1), List.of())),
                        rs.getInt(12)))
                .list();
    }

    Optional<DeficiencyRule> rule(String code) {
        return rules().stream().filter(r -> r.code().equals(code)).findFirst();
    }

    int updateRule(DeficiencyRule r, int expectedVersion, Instant now, Long userId) {
        int n = jdbc.sql("update deficiency_rule set description = ?, encounter_class = ?, window_minutes = ?,"
                        + " lookback_minutes = ?, responsible = ?, active = ?, source = ?, updated_at = ?, updated_by = ?,"
                        + " version = version + 1 where code = ? and version = ?")
                .params(r.description(), r.encounterClass(), r.windowMinutes(), r.lookbackMinutes(), r.responsible(),
                        r.active(), r.source(), utc(now), userId, r.code(), expectedVersion)
                .update();
        if (n == 1) {
            jdbc.sql("delete from deficiency_rule_type where rule_code = ?").param(r.code()).update();
            for (String t : r.documentTypes()) {
                jdbc.sql("insert into deficiency_rule_type (rule_code, type_code) values (?, ?)").params(r.code(), t).update();
            }
        }
        return n;
    }

    boolean documentTypeExists(String code) {
        return jdbc.sql("select count(*) from document_type where code = ?").param(code).query(Long.class).single() > 0;
    }

    // ------------------------------------------------------------------ deficiencies

    Optional<Deficiency> find(long id) {
        return jdbc.sql(SELECT + " where x.id = ?").param(id).query(DeficiencyRepository::deficiency).optional();
    }

    List<Deficiency> list(DeficiencyFilter f, Instant now) {
        Map<String, Object> p = new HashMap<>();
        String where = where(f, now, p);
        p.put("limit", Math.max(1, Math.min(f.limit(), 5000)));
        return jdbc.sql(SELECT + where + " order by x.due_at, x.id limit :limit").params(p)
                .query(DeficiencyRepository::deficiency).list();
    }

    long count(DeficiencyFilter f, Instant now) {
        Map<String, Object> p = new HashMap<>();
        String where = where(f, now, p);
        return jdbc.sql("select count(*) from deficiency x join encounter e on e.id = x.encounter_id" + where)
                .params(p).query(Long.class).single();
    }

    private static String where(DeficiencyFilter f, Instant now, Map<String, Object> p) {
        StringBuilder w = new StringBuilder(" where 1 = 1");
        if (f.providerId() != null) { w.append(" and x.responsible_provider_id = :provider"); p.put("provider", f.providerId()); }
        if (f.department() != null) { w.append(" and e.department = :department"); p.put("department", f.department()); }
        if (f.status() != null) { w.append(" and x.status = :status"); p.put("status", f.status()); }
        if (f.kind() != null) { w.append(" and x.kind = :kind"); p.put("kind", f.kind()); }
        if (f.ruleCode() != null) { w.append(" and x.rule_code = :rule"); p.put("rule", f.ruleCode()); }
        if (f.patientId() != null) { w.append(" and x.patient_id = :patient"); p.put("patient", f.patientId()); }
        if (f.encounterId() != null) { w.append(" and x.encounter_id = :encounter"); p.put("encounter", f.encounterId()); }
        if (f.age() != null) {
            p.put("now", utc(now));
            switch (f.age()) {
                case "not-due" -> w.append(" and x.due_at > :now");
                case "over-30" -> { w.append(" and x.due_at <= :a0"); p.put("a0", utc(now.minus(Duration.ofDays(31)))); }
                default -> {
                    String[] range = f.age().split("-");
                    int from = Integer.parseInt(range[0]);
                    int to = Integer.parseInt(range[1]);
                    w.append(" and x.due_at <= :a0 and x.due_at > :a1");
                    p.put("a0", utc(from == 0 ? now : now.minus(Duration.ofDays(from))));
                    p.put("a1", utc(now.minus(Duration.ofDays(to + 1))));
                }
            }
        }
        return w.toString();
    }

    /** Open deficiencies grouped by responsible provider or by department, by days past due. */
    List<DeficiencySummary> summary(boolean byProvider, Instant now) {
        String group = byProvider ? "x.responsible_provider_id, pr.name" : "cast(null as bigint), e.department";
        Map<String, Object> p = new HashMap<>();
        p.put("now", utc(now));
        p.put("d8", utc(now.minus(Duration.ofDays(8))));
        p.put("d15", utc(now.minus(Duration.ofDays(15))));
        p.put("d22", utc(now.minus(Duration.ofDays(22))));
        p.put("d31", utc(now.minus(Duration.ofDays(31))));
        return jdbc.sql("select " + group + ", count(*),"
                        + " sum(case when x.due_at > :now then 1 else 0 end),"
                        + " sum(case when x.due_at <= :now and x.due_at > :d8 then 1 else 0 end),"
                        + " sum(case when x.due_at <= :d8 and x.due_at > :d15 then 1 else 0 end),"
                        + " sum(case when x.due_at <= :d15 and x.due_at > :d22 then 1 else 0 end),"
                        + " sum(case when x.due_at <= :d22 and x.due_at > :d31 then 1 else 0 end),"
                        + " sum(case when x.due_at <= :d31 then 1 else 0 end)"
                        + " from deficiency x join encounter e on e.id = x.encounter_id"
                        + " left join provider pr on pr.id = x.responsible_provider_id"
                        + " where x.status = 'open' group by " + group + " order by count(*) desc")
                .params(p)
                .query((rs, n) -> new DeficiencySummary(rs.getObject(1) == null ? null : rs.getLong(1),
                        rs.getString(2) == null ? "(none)" : rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9)))
                .list();
    }

    int waive(long id, int expectedVersion, String reason, Long userId, Instant now) {
        return jdbc.sql("update deficiency set status = 'waived', waived_at = ?, waived_by = ?, waive_reason = ?,"
                        + " version = version + 1 where id = ? and version = ? and status = 'open'")
                .params(utc(now), userId, reason, id, expectedVersion).update();
    }

    int waiveBefore(Instant dueBefore, String reason, java.util.Set<Long> exceptProviders) {
        // counted as waived from their due time: the delinquency figures start at go-live
        String except = exceptProviders.isEmpty() ? "" : " and (responsible_provider_id is null"
                + " or responsible_provider_id not in (:except))";
        var sql = jdbc.sql("update deficiency set status = 'waived', waived_at = due_at, waive_reason = :reason,"
                        + " version = version + 1 where status = 'open' and due_at < :before" + except)
                .param("reason", reason).param("before", utc(dueBefore));
        if (!exceptProviders.isEmpty()) sql = sql.param("except", List.copyOf(exceptProviders));
        return sql.update();
    }

    List<String> departments() {
        return jdbc.sql("select distinct department from encounter where department is not null order by department")
                .query(String.class).list();
    }

    record ProviderRef(long id, String name, String specialty, Long userId) {}

    Optional<ProviderRef> providerOfUser(long userId) {
        return jdbc.sql("select id, name, specialty, user_id from provider where user_id = ? order by id limit 1")
                .param(userId).query(DeficiencyRepository::provider).optional();
    }

    Optional<ProviderRef> provider(long id) {
        return jdbc.sql("select id, name, specialty, user_id from provider where id = ?").param(id)
                .query(DeficiencyRepository::provider).optional();
    }

    /** Providers who have or had deficiencies, for filters. */
    List<ProviderRef> providersWithDeficiencies() {
        return jdbc.sql("select id, name, specialty, user_id from provider where id in"
                        + " (select responsible_provider_id from deficiency) order by name")
                .query(DeficiencyRepository::provider).list();
    }

    private static ProviderRef provider(ResultSet rs, int n) throws SQLException {
        return new ProviderRef(rs.getLong(1), rs.getString(2), rs.getString(3), (Long) rs.getObject(4, Long.class));
    }

    // ------------------------------------------------------------------ surgical cases

    record EncounterRef(long id, long patientId, java.time.Instant admitAt, String status) {}

    Optional<EncounterRef> encounter(long id) {
        return jdbc.sql("select id, patient_id, admit_at, status from encounter where id = ?").param(id)
                .query((rs, n) -> new EncounterRef(rs.getLong(1), rs.getLong(2), instant(rs, 3), rs.getString(4)))
                .optional();
    }

    long insertCase(long patientId, long encounterId, long surgeonId, String procedure, String room, Instant start,
                    Instant end, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into surgical_case (patient_id, encounter_id, surgeon_provider_id, procedure_text, operating_room,"
                        + " started_at, ended_at, created_at) values (?,?,?,?,?,?,?,?)")
                .params(patientId, encounterId, surgeonId, procedure, room, utc(start), utc(end), utc(now))
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    List<SurgicalCase> cases(long encounterId) {
        return jdbc.sql("select s.id, s.patient_id, s.encounter_id, s.surgeon_provider_id, pr.name, s.procedure_text,"
                        + " s.operating_room, s.started_at, s.ended_at from surgical_case s"
                        + " join provider pr on pr.id = s.surgeon_provider_id where s.encounter_id = ? order by s.started_at")
                .param(encounterId)
                .query((rs, n) -> new SurgicalCase(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), instant(rs, 8), instant(rs, 9)))
                .list();
    }

    private static Deficiency deficiency(ResultSet rs, int n) throws SQLException {
        return new Deficiency(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getString(12), (Long) rs.getObject(13, Long.class), rs.getString(14), rs.getString(15),
                (Integer) rs.getObject(16, Integer.class), (Long) rs.getObject(17, Long.class), rs.getString(18),
                rs.getString(19), (Long) rs.getObject(20, Long.class), rs.getString(21), instant(rs, 22), rs.getString(23),
                instant(rs, 24), instant(rs, 25), rs.getString(26), instant(rs, 27), rs.getString(28), rs.getInt(29));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }
}

package org.chartkeeper.completion;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** SQL for query templates and physician queries. Portable between PostgreSQL and H2. */
@Repository
class QueryRepository {

    private static final String TEMPLATE = "select id, code, name, kind, yes_no_purpose, question, options, active, version"
            + " from query_template";
    private static final String QUERY = "select q.id, q.patient_id, q.encounter_id, e.account_number, q.provider_id, p.name,"
            + " q.author_id, u.display_name, q.template_id, q.kind, q.yes_no_purpose, q.topic, q.question, q.status,"
            + " q.created_at, q.sent_at, q.due_at, q.escalated_at, q.answered_at, q.answer_option, q.answer_text,"
            + " q.answer_document_id, q.outcome, q.outcome_note, q.closed_at, q.withdrawn_reason, q.work_item_id,"
            + " q.escalation_item_id, q.version from physician_query q join encounter e on e.id = q.encounter_id"
            + " join provider p on p.id = q.provider_id join app_user u on u.id = q.author_id";

    private final JdbcClient jdbc;

    QueryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ------------------------------------------------------------------ templates

    List<QueryTemplate> templates() {
        return jdbc.sql(TEMPLATE + " order by active desc, name").query(QueryRepository::template).list();
    }

    Optional<QueryTemplate> template(long id) {
        return jdbc.sql(TEMPLATE + " where id = ?").param(id).query(QueryRepository::template).optional();
    }

    boolean codeTaken(String code, Long exceptId) {
        return jdbc.sql("select count(*) from query_template where code = ? and id <> ?")
                .params(code, exceptId == null ? -1L : exceptId).query(Long.class).single() > 0;
    }

    long insertTemplate(QueryTemplate t, Instant now, Long userId) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into query_template (code, name, kind, yes_no_purpose, question, options, active, updated_at,"
                        + " updated_by) values (?,?,?,?,?,?,?,?,?)")
                .params(t.code(), t.name(), t.kind().code, t.yesNoPurpose(), t.question(), joined(t.options()), t.active(),
                        utc(now), userId)
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    int updateTemplate(QueryTemplate t, int expectedVersion, Instant now, Long userId) {
        return jdbc.sql("update query_template set code = ?, name = ?, kind = ?, yes_no_purpose = ?, question = ?, options = ?,"
                        + " active = ?, updated_at = ?, updated_by = ?, version = version + 1 where id = ? and version = ?")
                .params(t.code(), t.name(), t.kind().code, t.yesNoPurpose(), t.question(), joined(t.options()), t.active(),
                        utc(now), userId, t.id(), expectedVersion)
                .update();
    }

    // ------------------------------------------------------------------ providers (read-only look-ups of the directory)

    record ProviderAccount(long id, String name, Long userId) {}

    Optional<ProviderAccount> provider(long id) {
        return jdbc.sql("select id, name, user_id from provider where id = ?").param(id)
                .query((rs, n) -> new ProviderAccount(rs.getLong(1), rs.getString(2), nullableLong(rs, 3))).optional();
    }

    Optional<ProviderAccount> providerOfUser(long userId) {
        return jdbc.sql("select id, name, user_id from provider where user_id = ? order by id").param(userId)
                .query((rs, n) -> new ProviderAccount(rs.getLong(1), rs.getString(2), nullableLong(rs, 3))).list().stream().findFirst();
    }

    /** Providers who can answer queries here (linked to a user account). */
    List<ProviderAccount> providersWithAccounts() {
        return jdbc.sql("select id, name, user_id from provider where user_id is not null order by name")
                .query((rs, n) -> new ProviderAccount(rs.getLong(1), rs.getString(2), nullableLong(rs, 3))).list();
    }

    Optional<Long> encounterByAccount(String account) {
        return jdbc.sql("select id from encounter where account_number = ? order by id").param(account)
                .query(Long.class).list().stream().findFirst();
    }

    // ------------------------------------------------------------------ queries

    long insert(long patientId, long encounterId, long providerId, long authorId, Long templateId, QueryKind kind,
                String purpose, String topic, String question, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into physician_query (patient_id, encounter_id, provider_id, author_id, template_id, kind,"
                        + " yes_no_purpose, topic, question, status, created_at) values (?,?,?,?,?,?,?,?,?,?,?)")
                .params(patientId, encounterId, providerId, authorId, templateId, kind.code, purpose, topic, question,
                        QueryStatus.DRAFT.name(), utc(now))
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    void insertOptions(long queryId, List<String> options) {
        for (int i = 0; i < options.size(); i++) {
            jdbc.sql("insert into physician_query_option (query_id, position, label) values (?,?,?)")
                    .params(queryId, i + 1, options.get(i)).update();
        }
    }

    void insertIndicators(long queryId, List<NewPhysicianQuery.Indicator> indicators) {
        for (int i = 0; i < indicators.size(); i++) {
            jdbc.sql("insert into physician_query_indicator (query_id, position, document_id, excerpt) values (?,?,?,?)")
                    .params(queryId, i + 1, indicators.get(i).documentId(), indicators.get(i).excerpt()).update();
        }
    }

    Optional<PhysicianQuery> find(long id) {
        return jdbc.sql(QUERY + " where q.id = ?").param(id).query(QueryRepository::query).optional()
                .map(q -> q.with(options(id), indicators(id)));
    }

    List<String> options(long queryId) {
        return jdbc.sql("select label from physician_query_option where query_id = ? order by position").param(queryId)
                .query(String.class).list();
    }

    List<QueryIndicator> indicators(long queryId) {
        return jdbc.sql("select i.document_id, i.excerpt, d.title from physician_query_indicator i"
                        + " join document d on d.id = i.document_id where i.query_id = ? order by i.position")
                .param(queryId).query((rs, n) -> new QueryIndicator(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
    }

    /** A provider's open queries, oldest sent first. */
    List<PhysicianQuery> openFor(long providerId, int limit) {
        return jdbc.sql(QUERY + " where q.provider_id = ? and q.status in ('SENT','ESCALATED') order by q.sent_at, q.id"
                        + " fetch first " + limit + " rows only")
                .param(providerId).query(QueryRepository::query).list();
    }

    /** Queries by status (all when null) and provider, overdue and oldest first. */
    List<PhysicianQuery> list(QueryStatus status, Long providerId, Long encounterId, int limit) {
        StringBuilder sql = new StringBuilder(QUERY).append(" where 1 = 1");
        List<Object> params = new ArrayList<>();
        if (status != null) {
            sql.append(" and q.status = ?");
            params.add(status.name());
        }
        if (providerId != null) {
            sql.append(" and q.provider_id = ?");
            params.add(providerId);
        }
        if (encounterId != null) {
            sql.append(" and q.encounter_id = ?");
            params.add(encounterId);
        }
        sql.append(" order by case when q.status in ('SENT','ESCALATED') then 0 when q.status in ('DRAFT','ANSWERED')"
                + " then 1 else 2 end, coalesce(q.due_at, q.created_at), q.id fetch first ").append(limit).append(" rows only");
        return jdbc.sql(sql.toString()).params(params).query(QueryRepository::query).list();
    }

    /** Sent queries past due and not yet escalated at {@code asOf}. */
    List<PhysicianQuery> dueForEscalation(Instant asOf, int limit) {
        return jdbc.sql(QUERY + " where q.status = 'SENT' and q.due_at < ? order by q.due_at, q.id fetch first "
                        + limit + " rows only")
                .param(utc(asOf)).query(QueryRepository::query).list();
    }

    private record RawAnswer(long providerId, long authorId, Instant sentAt, Instant answeredAt, String outcome) {}

    /** Answered queries (for the reports) whose answer fell in [from, to): only what the report counts. */
    List<QueryReport.Answer> answeredBetween(Instant from, Instant to) {
        List<RawAnswer> raw = jdbc.sql("select provider_id, author_id, sent_at, answered_at, outcome from physician_query"
                        + " where answered_at >= ? and answered_at < ? and sent_at is not null")
                .params(utc(from), utc(to))
                .query((rs, n) -> new RawAnswer(rs.getLong(1), rs.getLong(2), instant(rs, 3), instant(rs, 4), rs.getString(5)))
                .list();
        Map<Long, String> providers = names("select id, name from provider where id in (:ids)",
                raw.stream().map(RawAnswer::providerId).collect(Collectors.toSet()));
        Map<Long, String> authors = names("select id, display_name from app_user where id in (:ids)",
                raw.stream().map(RawAnswer::authorId).collect(Collectors.toSet()));
        return raw.stream().map(r -> new QueryReport.Answer(providers.getOrDefault(r.providerId(), "provider " + r.providerId()),
                authors.getOrDefault(r.authorId(), "user " + r.authorId()), r.sentAt(), r.answeredAt(),
                r.outcome() == null ? null : QueryOutcome.valueOf(r.outcome()))).toList();
    }

    private Map<Long, String> names(String sql, Set<Long> ids) {
        Map<Long, String> names = new HashMap<>();
        if (ids.isEmpty()) return names;
        jdbc.sql(sql).param("ids", ids).query(rs -> {
            names.put(rs.getLong(1), rs.getString(2));
        });
        return names;
    }

    int send(long id, int version, Instant now, Instant due) {
        return jdbc.sql("update physician_query set status = 'SENT', sent_at = ?, due_at = ?, version = version + 1"
                        + " where id = ? and version = ? and status = 'DRAFT'")
                .params(utc(now), utc(due), id, version).update();
    }

    void workItem(long id, long itemId) {
        jdbc.sql("update physician_query set work_item_id = ? where id = ?").params(itemId, id).update();
    }

    int escalate(long id, int version, Instant now, long itemId) {
        return jdbc.sql("update physician_query set status = 'ESCALATED', escalated_at = ?, escalation_item_id = ?,"
                        + " version = version + 1 where id = ? and version = ? and status = 'SENT'")
                .params(utc(now), itemId, id, version).update();
    }

    int answer(long id, int version, Instant now, long userId, String option, String text, long documentId,
               QueryOutcome outcome) {
        return jdbc.sql("update physician_query set status = 'ANSWERED', answered_at = ?, answered_by = ?, answer_option = ?,"
                        + " answer_text = ?, answer_document_id = ?, outcome = ?, version = version + 1"
                        + " where id = ? and version = ? and status in ('SENT','ESCALATED')")
                .params(utc(now), userId, option, text, documentId, outcome == null ? null : outcome.name(), id, version)
                .update();
    }

    int close(long id, int version, Instant now, long userId, QueryOutcome outcome, String note) {
        return jdbc.sql("update physician_query set status = 'CLOSED', closed_at = ?, closed_by = ?, outcome = ?,"
                        + " outcome_note = ?, version = version + 1 where id = ? and version = ? and status = 'ANSWERED'")
                .params(utc(now), userId, outcome.name(), note, id, version).update();
    }

    int withdraw(long id, int version, Instant now, long userId, String reason) {
        return jdbc.sql("update physician_query set status = 'WITHDRAWN', closed_at = ?, closed_by = ?, withdrawn_reason = ?,"
                        + " version = version + 1 where id = ? and version = ? and status in ('DRAFT','SENT','ESCALATED')")
                .params(utc(now), userId, reason, id, version).update();
    }

    // ------------------------------------------------------------------ mapping

    static String joined(List<String> options) {
        return options == null || options.isEmpty() ? null : String.join("|", options);
    }

    private static QueryTemplate template(ResultSet rs, int n) throws SQLException {
        String options = rs.getString(7);
        return new QueryTemplate(rs.getLong(1), rs.getString(2), rs.getString(3), QueryKind.of("kind", rs.getString(4)),
                rs.getString(5), rs.getString(6), options == null ? List.of() : Arrays.asList(options.split("\\|")),
                rs.getBoolean(8), rs.getInt(9));
    }

    private static PhysicianQuery query(ResultSet rs, int n) throws SQLException {
        String outcome = rs.getString(23);
        return new PhysicianQuery(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), rs.getLong(7), rs.getString(8), nullableLong(rs, 9), QueryKind.of("kind", rs.getString(10)),
                rs.getString(11), rs.getString(12), rs.getString(13), QueryStatus.valueOf(rs.getString(14)), instant(rs, 15),
                instant(rs, 16), instant(rs, 17), instant(rs, 18), instant(rs, 19), rs.getString(20), rs.getString(21),
                nullableLong(rs, 22), outcome == null ? null : QueryOutcome.valueOf(outcome), rs.getString(24),
                instant(rs, 25), rs.getString(26), nullableLong(rs, 27), nullableLong(rs, 28), rs.getInt(29), List.of(),
                List.of());
    }

    private static Long nullableLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private static Instant instant(ResultSet rs, int i) throws SQLException {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }
}

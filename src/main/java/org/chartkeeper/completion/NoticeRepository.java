package org.chartkeeper.completion;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Notice stages, notices and their items, and the suspension list. */
@Repository
class NoticeRepository {

    private static final String SELECT = "select n.id, n.stage_code, s.name, s.audience, n.provider_id, p.name,"
            + " n.recipient_provider_id, n.recipient_text, n.department, n.item_count, n.created_at, n.read_at"
            + " from notice n join notice_stage s on s.code = n.stage_code join provider p on p.id = n.provider_id";

    private final JdbcClient jdbc;

    NoticeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<NoticeStage> stages() {
        return jdbc.sql("select code, name, days_overdue, audience, active, version from notice_stage order by days_overdue, code")
                .query((rs, n) -> new NoticeStage(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getBoolean(5), rs.getInt(6)))
                .list();
    }

    int updateStage(String code, int days, boolean active, int expectedVersion) {
        return jdbc.sql("update notice_stage set days_overdue = ?, active = ?, version = version + 1 where code = ? and version = ?")
                .params(days, active, code, expectedVersion).update();
    }

    /**
     * Creates this run's notices of one stage: one per provider whose open deficiencies reached the stage and have not
     * been noticed at it, then ties each deficiency to its notice (once per stage: a unique key says so). Returns the
     * ids of the notices made.
     */
    List<Long> createNotices(NoticeStage stage, Instant now) {
        Instant cutoff = now.minus(Duration.ofDays(stage.daysOverdue()));
        String recipient = switch (stage.audience()) {
            case "provider" -> "x.responsible_provider_id, pr.name";
            case "chief" -> "c.provider_id, coalesce(cp.name, 'Chief of ' || coalesce(pr.specialty, 'the department'))";
            default -> "cast(null as bigint), 'Medical staff office (suspension list)'";
        };
        String pending = " from deficiency x join provider pr on pr.id = x.responsible_provider_id"
                + " left join department_chief c on c.department = pr.specialty left join provider cp on cp.id = c.provider_id"
                + " where x.status = 'open' and x.due_at <= :cutoff and not exists (select 1 from notice_item i"
                + " where i.deficiency_id = x.id and i.stage_code = :stage)";
        var at = DeficiencyRepository.utc(now);
        jdbc.sql("insert into notice (stage_code, provider_id, recipient_provider_id, recipient_text, department,"
                        + " item_count, created_at, read_at) select :stage, x.responsible_provider_id, " + recipient
                        + ", pr.specialty, count(*), :now, null" + pending
                        + " group by x.responsible_provider_id, pr.name, pr.specialty, c.provider_id, cp.name")
                .param("stage", stage.code()).param("now", at).param("cutoff", DeficiencyRepository.utc(cutoff)).update();
        jdbc.sql("insert into notice_item (notice_id, deficiency_id, stage_code) select n.id, x.id, :stage" + pending.replace(
                        " where x.status", " join notice n on n.provider_id = x.responsible_provider_id and n.stage_code = :stage"
                                + " and n.created_at = :now where x.status"))
                .param("stage", stage.code()).param("now", at).param("cutoff", DeficiencyRepository.utc(cutoff)).update();
        return jdbc.sql("select id from notice where stage_code = ? and created_at = ? order by id")
                .params(stage.code(), at).query(Long.class).list();
    }

    Optional<Notice> find(long id) {
        return jdbc.sql(SELECT + " where n.id = ?").param(id).query(NoticeRepository::notice).optional();
    }

    /** Notices addressed to a provider (their reminders, and escalations to them as a chief), newest first. */
    List<Notice> inbox(long providerId, int limit) {
        return jdbc.sql(SELECT + " where n.recipient_provider_id = ? order by n.created_at desc, n.id desc limit ?")
                .params(providerId, limit).query(NoticeRepository::notice).list();
    }

    List<Notice> recent(Long providerId, String stage, int limit) {
        var sql = jdbc.sql(SELECT + " where 1 = 1" + (providerId == null ? "" : " and n.provider_id = :provider")
                + (stage == null ? "" : " and n.stage_code = :stage") + " order by n.created_at desc, n.id desc limit :limit");
        if (providerId != null) sql = sql.param("provider", providerId);
        if (stage != null) sql = sql.param("stage", stage);
        return sql.param("limit", limit).query(NoticeRepository::notice).list();
    }

    List<Long> itemIds(long noticeId) {
        return jdbc.sql("select deficiency_id from notice_item where notice_id = ? order by deficiency_id")
                .param(noticeId).query(Long.class).list();
    }

    int markRead(long id, Instant now) {
        return jdbc.sql("update notice set read_at = ? where id = ? and read_at is null")
                .params(DeficiencyRepository.utc(now), id).update();
    }

    long unread(long providerId) {
        return jdbc.sql("select count(*) from notice where recipient_provider_id = ? and read_at is null")
                .param(providerId).query(Long.class).single();
    }

    List<NoticeSuspension> suspensions() {
        return jdbc.sql("select pr.id, pr.name, pr.specialty, count(distinct x.id), min(x.due_at), min(n.created_at)"
                        + " from deficiency x join notice_item i on i.deficiency_id = x.id"
                        + " join notice_stage s on s.code = i.stage_code and s.audience = 'suspension'"
                        + " join notice n on n.id = i.notice_id join provider pr on pr.id = x.responsible_provider_id"
                        + " where x.status = 'open' group by pr.id, pr.name, pr.specialty order by pr.name")
                .query((rs, n) -> new NoticeSuspension(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        DeficiencyRepository.instant(rs, 5), DeficiencyRepository.instant(rs, 6)))
                .list();
    }

    private static Notice notice(ResultSet rs, int n) throws SQLException {
        return new Notice(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6),
                (Long) rs.getObject(7, Long.class), rs.getString(8), rs.getString(9), rs.getInt(10),
                DeficiencyRepository.instant(rs, 11), DeficiencyRepository.instant(rs, 12));
    }
}

package org.chartkeeper.workqueue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** SQL for work items, their history and types. Portable between PostgreSQL and H2. */
@Repository
class WorkQueueRepository {

    private static final String COLUMNS = "id, item_type, subject_type, subject_id, patient_id, title, detail, pool_role,"
            + " assignee_id, priority, due_at, status, created_at, created_by, completed_at, outcome, resolution, version";
    private static final String ACTIVE = "status in ('OPEN','IN_PROGRESS')";
    /** What a user sees: the pools of their roles and whatever is assigned to them. */
    private static final String VISIBLE = "(pool_role in (:roles) or assignee_id = :me)";
    /** Overdue first, then the most urgent, then the soonest due. */
    private static final String ORDER = " order by case when due_at < :now and " + ACTIVE + " then 0 else 1 end,"
            + " priority, due_at, id";

    private final JdbcClient jdbc;

    WorkQueueRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<WorkItemType> types() {
        return jdbc.sql("select code, name, description, default_pool_role, default_due_hours from work_item_type order by name")
                .query((rs, n) -> new WorkItemType(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5)))
                .list();
    }

    Optional<WorkItemType> type(String code) {
        return jdbc.sql("select code, name, description, default_pool_role, default_due_hours from work_item_type where code = ?")
                .param(code)
                .query((rs, n) -> new WorkItemType(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5)))
                .optional();
    }

    long insert(NewWorkItem item, int priority, Instant due, String poolRole, Instant now, Long createdBy) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into work_item (item_type, subject_type, subject_id, patient_id, title, detail, pool_role,"
                        + " priority, due_at, status, created_at, created_by) values (?,?,?,?,?,?,?,?,?,?,?,?)")
                .params(item.type(), item.subjectType(), item.subjectId(), item.patientId(), item.title(), item.detail(),
                        poolRole, priority, utc(due), WorkItemStatus.OPEN.name(), utc(now), createdBy)
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    Optional<WorkItem> find(long id, Instant now) {
        return jdbc.sql("select " + COLUMNS + " from work_item where id = ?").param(id)
                .query((rs, n) -> item(rs, now)).optional();
    }

    void reschedule(long id, Instant due) {
        jdbc.sql("update work_item set due_at = ?, version = version + 1 where id = ?").params(utc(due), id).update();
    }

    /** Moves an item to a new state if it is still at {@code expectedVersion}; returns the rows changed (0 = stale). */
    int transition(long id, int expectedVersion, WorkItemStatus status, Long assigneeId, Instant completedAt,
                   String outcome, String resolution) {
        return jdbc.sql("update work_item set status = ?, assignee_id = ?, completed_at = ?, outcome = ?, resolution = ?,"
                        + " version = version + 1 where id = ? and version = ?")
                .params(status.name(), assigneeId, completedAt == null ? null : utc(completedAt), outcome, resolution,
                        id, expectedVersion)
                .update();
    }

    void history(long itemId, Instant at, Long actorId, String action, WorkItemStatus from, WorkItemStatus to,
                 Long assigneeId, String note) {
        jdbc.sql("insert into work_item_history (work_item_id, at, actor_id, action, from_status, to_status, assignee_id,"
                        + " note) values (?,?,?,?,?,?,?,?)")
                .params(itemId, utc(at), actorId, action, from == null ? null : from.name(), to == null ? null : to.name(),
                        assigneeId, note)
                .update();
    }

    List<WorkItemHistoryEntry> historyOf(long itemId) {
        return jdbc.sql("select id, work_item_id, at, actor_id, action, from_status, to_status, assignee_id, note"
                        + " from work_item_history where work_item_id = ? order by id")
                .param(itemId)
                .query((rs, n) -> new WorkItemHistoryEntry(rs.getLong(1), rs.getLong(2), instant(rs, 3), nullableLong(rs, 4),
                        null, rs.getString(5), status(rs.getString(6)), status(rs.getString(7)), nullableLong(rs, 8),
                        null, rs.getString(9)))
                .list();
    }

    List<WorkItem> list(String type, ItemFilter filter, Set<String> roles, long me, Instant now, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from work_item where " + VISIBLE);
        if (type != null) sql.append(" and item_type = :type");
        sql.append(switch (filter) {
            case ACTIVE -> " and " + ACTIVE;
            case UNASSIGNED -> " and status = 'OPEN'";
            case MINE -> " and assignee_id = :me and " + ACTIVE;
            case IN_PROGRESS -> " and status = 'IN_PROGRESS'";
            case DONE -> " and status = 'DONE'";
            case CANCELLED -> " and status = 'CANCELLED'";
            case ALL -> "";
        });
        sql.append(ORDER).append(" limit :limit");
        var spec = jdbc.sql(sql.toString()).param("roles", safe(roles)).param("me", me).param("now", utc(now))
                .param("limit", limit);
        if (type != null) spec = spec.param("type", type);
        return spec.query((rs, n) -> item(rs, now)).list();
    }

    record Counts(String type, long open, long mine, long overdue) {}

    List<Counts> counts(Set<String> roles, long me, Instant now) {
        return jdbc.sql("select item_type, count(*),"
                        + " sum(case when assignee_id = :me then 1 else 0 end),"
                        + " sum(case when due_at < :now then 1 else 0 end)"
                        + " from work_item where " + VISIBLE + " and " + ACTIVE + " group by item_type")
                .param("roles", safe(roles)).param("me", me).param("now", utc(now))
                .query((rs, n) -> new Counts(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .list();
    }

    Optional<WorkItem> oldestDue(String type, Set<String> roles, long me, Instant now) {
        return jdbc.sql("select " + COLUMNS + " from work_item where " + VISIBLE + " and " + ACTIVE
                        + " and item_type = :type order by due_at, id limit 1")
                .param("roles", safe(roles)).param("me", me).param("type", type)
                .query((rs, n) -> item(rs, now)).optional();
    }

    private static Collection<String> safe(Set<String> roles) {
        // "in ()" is not valid SQL; a user without roles sees only what is assigned to them
        return roles.isEmpty() ? List.of("") : roles;
    }

    private static WorkItem item(ResultSet rs, Instant now) throws SQLException {
        WorkItemStatus status = WorkItemStatus.valueOf(rs.getString("status"));
        Instant due = instant(rs, "due_at");
        return new WorkItem(rs.getLong("id"), rs.getString("item_type"), rs.getString("subject_type"),
                nullableLong(rs, "subject_id"), nullableLong(rs, "patient_id"), rs.getString("title"),
                rs.getString("detail"), rs.getString("pool_role"), nullableLong(rs, "assignee_id"), null,
                rs.getInt("priority"), due, status, instant(rs, "created_at"), nullableLong(rs, "created_by"),
                instant(rs, "completed_at"), rs.getString("outcome"), rs.getString("resolution"), rs.getInt("version"),
                DeadlineClock.overdue(due, status, now), DeadlineClock.describe(due, status, now));
    }

    private static WorkItemStatus status(String s) {
        return s == null ? null : WorkItemStatus.valueOf(s);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}

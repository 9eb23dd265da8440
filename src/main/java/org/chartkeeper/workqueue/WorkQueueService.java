package org.chartkeeper.workqueue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.audit.AccessGate;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.AuditEntry;
import org.chartkeeper.audit.AuditOutcome;
import org.chartkeeper.audit.AuditService;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.PermissionService;
import org.chartkeeper.security.Permissions;
import org.chartkeeper.security.UserAccount;
import org.chartkeeper.security.UserService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one work-queue engine. Capabilities create items with {@link #create}; users work them through claim, assign,
 * release, complete and cancel. Every transition checks the caller's {@code version} (stale: 409), refuses a move
 * the item's state does not allow (naming why), and writes the item's history.
 *
 * <p>A user sees the items in the pools of their roles and the items assigned to them. Lists and details that show
 * items are recorded in the audit trail (they name patients by id).
 */
@Service
public class WorkQueueService {

    public static final int LIST_LIMIT = 500;

    private final WorkQueueRepository repository;
    private final AccessGate gate;
    private final AuditService audit;
    private final PermissionService permissions;
    private final UserService users;
    private final ObjectProvider<WorkItemCompletion> completions;
    private final Clock clock;

    public WorkQueueService(WorkQueueRepository repository, AccessGate gate, AuditService audit,
                            PermissionService permissions, UserService users,
                            ObjectProvider<WorkItemCompletion> completions, Clock clock) {
        this.repository = repository;
        this.gate = gate;
        this.audit = audit;
        this.permissions = permissions;
        this.users = users;
        this.completions = completions;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ creating

    /** Creates an item in its pool (the given one, else the type's default); history "created". */
    @Transactional
    public WorkItem create(NewWorkItem request, Actor actor) {
        WorkItemType type = Optional.ofNullable(request.type()).flatMap(repository::type)
                .orElseThrow(() -> new InvalidRequestException("type", "Unknown work item type '" + request.type() + "'"));
        text("subjectType", request.subjectType(), 30, true);
        text("title", request.title(), 300, true);
        text("detail", request.detail(), 2000, false);
        int priority = request.priority() == null ? 3 : request.priority();
        if (priority < 1 || priority > 5) {
            throw new InvalidRequestException("priority", "Priority must be 1 (most urgent) to 5");
        }
        String pool = request.poolRole() != null ? request.poolRole() : type.defaultPoolRole();
        if (pool == null) {
            throw new InvalidRequestException("poolRole", "Type '" + type.code() + "' has no default pool; give a pool role");
        }
        if (permissions.roles().stream().noneMatch(r -> r.code().equals(pool))) {
            throw new InvalidRequestException("poolRole", "Unknown role '" + pool + "'");
        }
        Instant now = clock.instant();
        Instant due = request.due() != null ? request.due() : now.plus(Duration.ofHours(type.defaultDueHours()));
        long id = repository.insert(request, priority, due, pool, now, actor.userId());
        repository.history(id, now, actor.userId(), "created", null, WorkItemStatus.OPEN, null, null);
        return repository.find(id, now).orElseThrow();
    }

    /**
     * Creates an item straight in one user's queue (IN_PROGRESS, assigned to {@code userId}): work routed to a named
     * person, such as a patient's amendment request to the document's author or a physician query to the addressed
     * provider; history "created", then "assigned".
     */
    @Transactional
    public WorkItem createAssigned(NewWorkItem request, long userId, Actor actor) {
        WorkItem item = create(request, actor);
        if (repository.transition(item.id(), item.version(), WorkItemStatus.IN_PROGRESS, userId, null, null, null) == 0) {
            throw new StaleVersionException("Work item " + item.id(), item.version());
        }
        Instant now = clock.instant();
        repository.history(item.id(), now, actor.userId(), "assigned", WorkItemStatus.OPEN, WorkItemStatus.IN_PROGRESS,
                userId, "routed to the responsible person");
        return repository.find(item.id(), now).orElseThrow();
    }

    // ------------------------------------------------------------------ transitions

    /** Takes an unassigned item from one of the user's pools: IN_PROGRESS, assigned to the user. */
    @Transactional
    public WorkItem claim(long itemId, int version) {
        CurrentUser me = CurrentUser.require();
        WorkItem item = visibleItem(itemId, me);
        checkVersion(item, version);
        switch (item.status()) {
            case DONE, CANCELLED -> throw finished(item);
            case IN_PROGRESS -> throw new InvalidRequestException("status", Objects.equals(item.assigneeId(), me.id())
                    ? "Work item " + itemId + " is already assigned to you"
                    : "Work item " + itemId + " is already claimed by " + name(item.assigneeId())
                    + "; only a queue manager can reassign it");
            case OPEN -> {
                if (item.poolRole() == null || !me.roles().contains(item.poolRole())) {
                    throw new InvalidRequestException("status", "Work item " + itemId
                            + " is not in the pool of one of your roles");
                }
            }
        }
        return move(item, version, me, "claimed", WorkItemStatus.IN_PROGRESS, me.id(), null, null, null, null);
    }

    /** Assigns or reassigns an active item to a user who holds its pool role. Needs workqueue.manage. */
    @Transactional
    public WorkItem assign(long itemId, long userId, int version) {
        CurrentUser me = CurrentUser.require();
        WorkItem item = visibleItem(itemId, me);
        requireManager(me, item, "assign");
        checkVersion(item, version);
        if (!item.status().active()) throw finished(item);
        UserAccount assignee;
        try {
            assignee = users.get(userId);
        } catch (NotFoundException e) {
            throw new InvalidRequestException("userId", "No user with id " + userId);
        }
        if (!eligible(assignee, item.poolRole())) {
            throw new InvalidRequestException("userId", assignee.displayName() + " cannot take this item: "
                    + (assignee.enabled() ? "they do not hold the queue's role '" + item.poolRole() + "'"
                    : "the account is disabled"));
        }
        if (Objects.equals(item.assigneeId(), userId)) {
            throw new InvalidRequestException("userId", "Work item " + itemId + " is already assigned to "
                    + assignee.displayName());
        }
        String action = item.assigneeId() == null ? "assigned" : "reassigned";
        String note = action + " to " + assignee.displayName()
                + (item.assigneeId() == null ? "" : " (was " + name(item.assigneeId()) + ")");
        return move(item, version, me, action, WorkItemStatus.IN_PROGRESS, userId, null, null, null, note);
    }

    /** Puts an assigned item back in its pool. The assignee or a queue manager may do it. */
    @Transactional
    public WorkItem release(long itemId, int version) {
        CurrentUser me = CurrentUser.require();
        WorkItem item = visibleItem(itemId, me);
        checkVersion(item, version);
        switch (item.status()) {
            case DONE, CANCELLED -> throw finished(item);
            case OPEN -> throw new InvalidRequestException("status", "Work item " + itemId
                    + " is not assigned to anyone; there is nothing to release");
            case IN_PROGRESS -> {
                if (!Objects.equals(item.assigneeId(), me.id()) && !manager(me)) {
                    throw new InvalidRequestException("status", "Work item " + itemId + " is assigned to "
                            + name(item.assigneeId()) + "; only they or a queue manager can release it");
                }
                if (item.poolRole() == null) {
                    throw new InvalidRequestException("status", "Work item " + itemId
                            + " has no pool to return to; assign it to someone instead");
                }
            }
        }
        return move(item, version, me, "released", WorkItemStatus.OPEN, null, null, null, null,
                "returned to the " + item.poolRole() + " pool");
    }

    /**
     * Completes an item assigned to the current user with a resolution; queues that need a decision (see
     * {@link WorkItemCompletion}) also need {@code outcome}.
     */
    @Transactional
    public WorkItem complete(long itemId, int version, String resolution, String outcome) {
        CurrentUser me = CurrentUser.require();
        WorkItem item = visibleItem(itemId, me);
        checkVersion(item, version);
        switch (item.status()) {
            case DONE, CANCELLED -> throw finished(item);
            case OPEN -> throw new InvalidRequestException("status", "Work item " + itemId
                    + " is not assigned to anyone; claim it before completing it");
            case IN_PROGRESS -> {
                if (!Objects.equals(item.assigneeId(), me.id())) {
                    throw new InvalidRequestException("status", "Work item " + itemId + " is assigned to "
                            + name(item.assigneeId()) + "; only they can complete it");
                }
            }
        }
        String note = text("resolution", resolution, 2000, true);
        WorkItemCompletion rule = completionFor(item.type()).orElse(null);
        WorkItemCompletion.Outcome decided = null;
        if (rule != null) {
            decided = pick(rule, outcome);
            rule.checkAllowed(item);
        } else if (outcome != null && !outcome.isBlank()) {
            throw new InvalidRequestException("outcome", "This queue takes no outcome; describe the resolution instead");
        }
        WorkItem done = move(item, version, me, "completed", WorkItemStatus.DONE, me.id(), clock.instant(),
                decided == null ? null : decided.code(), note.strip(),
                decided == null ? note.strip() : decided.label() + ": " + note.strip());
        if (rule != null) rule.completed(done, decided, note.strip());
        return done;
    }

    /** Cancels an active item (it is no longer needed). Needs workqueue.manage and a note saying why. */
    @Transactional
    public WorkItem cancel(long itemId, int version, String note) {
        CurrentUser me = CurrentUser.require();
        WorkItem item = visibleItem(itemId, me);
        requireManager(me, item, "cancel");
        checkVersion(item, version);
        if (!item.status().active()) throw finished(item);
        String why = text("note", note, 2000, true).strip();
        return move(item, version, me, "cancelled", WorkItemStatus.CANCELLED, item.assigneeId(), clock.instant(), null,
                why, why);
    }

    private WorkItem move(WorkItem item, int version, CurrentUser me, String action, WorkItemStatus to, Long assignee,
                          Instant completedAt, String outcome, String resolution, String note) {
        int n = repository.transition(item.id(), version, to, assignee, completedAt, outcome, resolution);
        if (n == 0) throw new StaleVersionException("Work item " + item.id(), version);
        Instant now = clock.instant();
        repository.history(item.id(), now, me.id(), action, item.status(), to, assignee, note);
        return withNames(repository.find(item.id(), now).orElseThrow(), names());
    }

    /**
     * Moves an active item's due time because its subject's deadline moved (an extended request); history
     * "rescheduled" with the note. Called by the capability that owns the subject, not by users.
     */
    @Transactional
    public WorkItem reschedule(long itemId, Instant due, Actor actor, String note) {
        Instant now = clock.instant();
        WorkItem item = repository.find(itemId, now).orElseThrow(() -> new NotFoundException("No work item " + itemId));
        if (!item.status().active()) throw finished(item);
        repository.reschedule(itemId, due);
        repository.history(itemId, now, actor.userId(), "rescheduled", item.status(), item.status(), item.assigneeId(),
                note);
        return repository.find(itemId, now).orElseThrow();
    }

    /**
     * Closes an active item because its subject was settled elsewhere (a query answered or withdrawn): DONE, or
     * CANCELLED when {@code done} is false; history with the note. Called by the capability that owns the subject.
     * An item already finished is left as it is.
     */
    @Transactional
    public void settle(long itemId, boolean done, Actor actor, String note) {
        Instant now = clock.instant();
        WorkItem item = repository.find(itemId, now).orElseThrow(() -> new NotFoundException("No work item " + itemId));
        if (!item.status().active()) return;
        WorkItemStatus to = done ? WorkItemStatus.DONE : WorkItemStatus.CANCELLED;
        if (repository.transition(itemId, item.version(), to, item.assigneeId(), now, null, note) == 0) {
            throw new StaleVersionException("Work item " + itemId, item.version());
        }
        repository.history(itemId, now, actor.userId(), done ? "completed" : "cancelled", item.status(), to,
                item.assigneeId(), note);
    }

    // ------------------------------------------------------------------ reading (audited where patients are shown)

    /** The items of one queue the current user can see, overdue first, then by priority and due time. Audited. */
    public List<WorkItem> queue(String type, ItemFilter filter) {
        CurrentUser me = CurrentUser.require();
        requireType(type);
        List<WorkItem> items = list(me, type, filter);
        gate.list(DataCategory.WORK_QUEUE, "WorkItem", items.stream().map(WorkItem::patientId).toList(), "queue " + type);
        return items;
    }

    /** Items of every queue, or of one when {@code type} is given, as the API lists them. Audited. */
    public List<WorkItem> items(String type, ItemFilter filter) {
        CurrentUser me = CurrentUser.require();
        if (type != null && !type.isBlank()) return queue(type.strip(), filter);
        List<WorkItem> items = list(me, null, filter);
        gate.list(DataCategory.WORK_QUEUE, "WorkItem", items.stream().map(WorkItem::patientId).toList(),
                "queue all (" + filter.code() + ")");
        return items;
    }

    /** One item with its history and the current user's next actions. Audited. */
    public WorkItemDetail detail(long itemId) {
        CurrentUser me = CurrentUser.require();
        WorkItem item = visibleItem(itemId, me);
        Map<Long, String> names = names();
        List<WorkItemHistoryEntry> history = repository.historyOf(itemId).stream()
                .map(h -> new WorkItemHistoryEntry(h.id(), h.workItemId(), h.at(), h.actorId(), label(names, h.actorId()),
                        h.action(), h.fromStatus(), h.toStatus(), h.assigneeId(), label(names, h.assigneeId()), h.note()))
                .toList();
        gate.list(DataCategory.WORK_QUEUE, "WorkItem", item.patientId() == null ? List.of()
                : List.of(item.patientId()), "work item " + itemId);
        return new WorkItemDetail(withNames(item, names), history,
                completionFor(item.type()).map(WorkItemCompletion::outcomes).orElse(List.of()), nextActions(item, me));
    }

    /** Per queue the user can see: counts and the oldest due item. Shows no patient, so nothing is recorded. */
    public List<QueueSummary> summary() {
        CurrentUser me = CurrentUser.require();
        Instant now = clock.instant();
        Map<String, WorkQueueRepository.Counts> counts = new HashMap<>();
        repository.counts(me.roles(), me.id(), now).forEach(c -> counts.put(c.type(), c));
        Map<Long, String> names = names();
        List<QueueSummary> result = new ArrayList<>();
        for (WorkItemType type : repository.types()) {
            var c = counts.get(type.code());
            boolean mine = type.defaultPoolRole() != null && me.roles().contains(type.defaultPoolRole());
            if (c == null && !mine) continue;
            if (c == null) {
                result.add(new QueueSummary(type, 0, 0, 0, null));
            } else {
                WorkItem oldest = repository.oldestDue(type.code(), me.roles(), me.id(), now)
                        .map(i -> withNames(i, names)).orElse(null);
                result.add(new QueueSummary(type, c.open(), c.mine(), c.overdue(), oldest));
            }
        }
        return result;
    }

    public WorkItemType type(String code) {
        return requireType(code);
    }

    /** The decisions completing an item of this type needs (empty for most queues). */
    public List<WorkItemCompletion.Outcome> outcomes(String type) {
        return completionFor(type).map(WorkItemCompletion::outcomes).orElse(List.of());
    }

    /** What the current user may do with this item now. */
    public NextActions nextActions(WorkItem item) {
        return nextActions(item, CurrentUser.require());
    }

    /** Users a manager may assign items of this pool to (enabled, holding the role, allowed to work queues). */
    public List<Assignee> assignees(String poolRole) {
        return users.all().stream().filter(u -> eligible(u, poolRole))
                .map(u -> new Assignee(u.id(), u.username(), u.displayName())).toList();
    }

    /** Whether the current user manages queues (assign, reassign, cancel). */
    public boolean currentUserManages() {
        return CurrentUser.find().map(this::manager).orElse(false);
    }

    // ------------------------------------------------------------------ rules

    private NextActions nextActions(WorkItem item, CurrentUser me) {
        boolean mine = Objects.equals(item.assigneeId(), me.id());
        boolean inMyPool = item.poolRole() != null && me.roles().contains(item.poolRole());
        boolean manager = manager(me);
        boolean active = item.status().active();
        return new NextActions(
                item.status() == WorkItemStatus.OPEN && inMyPool,
                item.status() == WorkItemStatus.IN_PROGRESS && mine,
                item.status() == WorkItemStatus.IN_PROGRESS && item.poolRole() != null && (mine || manager),
                active && manager,
                active && manager);
    }

    private List<WorkItem> list(CurrentUser me, String type, ItemFilter filter) {
        Map<Long, String> names = names();
        return repository.list(type, filter, me.roles(), me.id(), clock.instant(), LIST_LIMIT).stream()
                .map(i -> withNames(i, names)).toList();
    }

    /** The item if the user can see it; otherwise the attempt is recorded and refused. */
    private WorkItem visibleItem(long itemId, CurrentUser me) {
        WorkItem item = repository.find(itemId, clock.instant())
                .orElseThrow(() -> new NotFoundException("No work item " + itemId));
        boolean visible = Objects.equals(item.assigneeId(), me.id())
                || item.poolRole() != null && me.roles().contains(item.poolRole());
        if (!visible) {
            audit.record(new AuditEntry(AuditAction.VIEW, DataCategory.WORK_QUEUE, AuditOutcome.DENIED, item.patientId(),
                    "WorkItem", String.valueOf(itemId), null, "refused: the item is not in the user's queues"));
            throw new AccessDeniedException("Work item " + itemId + " is not in your queues");
        }
        return withNames(item, names());
    }

    private void requireManager(CurrentUser me, WorkItem item, String what) {
        if (!manager(me)) {
            audit.record(new AuditEntry(AuditAction.UPDATE, DataCategory.WORK_QUEUE, AuditOutcome.DENIED, item.patientId(),
                    "WorkItem", String.valueOf(item.id()), null, "refused: " + what + " needs workqueue.manage"));
            throw new AccessDeniedException("Only a queue manager (workqueue.manage) may " + what + " work items");
        }
    }

    private boolean manager(CurrentUser me) {
        return permissions.has(me, Permissions.WORKQUEUE_MANAGE);
    }

    private boolean eligible(UserAccount u, String poolRole) {
        if (!u.enabled()) return false;
        if (poolRole != null && !u.roles().contains(poolRole)) return false;
        Map<String, Set<String>> grants = permissions.grants();
        return u.roles().stream().anyMatch(r -> grants.getOrDefault(r, Set.of()).contains(Permissions.WORKQUEUE_WORK));
    }

    private WorkItemType requireType(String code) {
        return repository.type(code).orElseThrow(() -> new NotFoundException("No queue '" + code + "'"));
    }

    private Optional<WorkItemCompletion> completionFor(String type) {
        return completions.orderedStream().filter(c -> c.itemType().equals(type)).findFirst();
    }

    private static WorkItemCompletion.Outcome pick(WorkItemCompletion rule, String given) {
        String codes = String.join(", ", rule.outcomes().stream().map(o -> "'" + o.code() + "'").toList());
        if (given == null || given.isBlank()) {
            throw new InvalidRequestException("outcome", "Choose an outcome: " + codes);
        }
        String g = given.strip().toLowerCase(Locale.ROOT).replace(' ', '-');
        return rule.outcomes().stream()
                .filter(o -> o.code().equals(g) || o.label().toLowerCase(Locale.ROOT).replace(' ', '-').equals(g))
                .findFirst()
                .orElseThrow(() -> new InvalidRequestException("outcome", "Unknown outcome '" + given + "'; choose " + codes));
    }

    private static void checkVersion(WorkItem item, int version) {
        if (item.version() != version) throw new StaleVersionException("Work item " + item.id(), version);
    }

    private static InvalidRequestException finished(WorkItem item) {
        return new InvalidRequestException("status", "Work item " + item.id() + " is already "
                + item.status().label().toLowerCase(Locale.ROOT) + "; it cannot change any more");
    }

    private static String text(String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) throw new InvalidRequestException(field, field + " is required");
            return null;
        }
        if (value.length() > max) {
            throw new InvalidRequestException(field, field + " is too long (at most " + max + " characters)");
        }
        return value;
    }

    private Map<Long, String> names() {
        Map<Long, String> names = new HashMap<>();
        users.all().forEach(u -> names.put(u.id(), u.displayName()));
        return names;
    }

    private String name(Long userId) {
        return userId == null ? "nobody" : label(names(), userId);
    }

    private static String label(Map<Long, String> names, Long userId) {
        return userId == null ? null : names.getOrDefault(userId, "user " + userId);
    }

    private static WorkItem withNames(WorkItem item, Map<Long, String> names) {
        return item.assigneeId() == null ? item : item.withAssigneeName(label(names, item.assigneeId()));
    }
}

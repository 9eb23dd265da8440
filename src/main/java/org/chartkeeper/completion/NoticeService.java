package org.chartkeeper.completion;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
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
import org.chartkeeper.workqueue.NewWorkItem;
import org.chartkeeper.workqueue.WorkQueueService;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Staged notices about overdue deficiencies: a reminder to the provider, an escalation to the department chief, the
 * suspension list (stages and their days are data). Each deficiency reaches each stage once. A notice is an in-app
 * message to its recipient and a PDF letter; a provider placed on the suspension list also becomes a work item for HIM.
 */
@Service
public class NoticeService {

    private final NoticeRepository notices;
    private final DeficiencyRepository deficiencies;
    private final NoticeLetter letters;
    private final AccessGate gate;
    private final AuditService audit;
    private final PermissionService permissions;
    private final WorkQueueService queues;
    private final Clock clock;
    private final TransactionTemplate tx;

    public NoticeService(NoticeRepository notices, DeficiencyRepository deficiencies, NoticeLetter letters,
                         AccessGate gate, AuditService audit, PermissionService permissions, WorkQueueService queues,
                         Clock clock, PlatformTransactionManager transactions) {
        this.notices = notices;
        this.deficiencies = deficiencies;
        this.letters = letters;
        this.gate = gate;
        this.audit = audit;
        this.permissions = permissions;
        this.queues = queues;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    /** Runs the notices on demand: needs completion.manage. Returns the notices made. */
    public int runNow() {
        require(DeficiencyService.MANAGE, "running notices");
        return run(Actor.current());
    }

    /** Makes the notices due now, stage by stage (never twice for a deficiency and stage). Returns how many. */
    public int run(Actor actor) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<Long> made = tx.execute(s -> {
            List<Long> ids = new ArrayList<>();
            for (NoticeStage stage : notices.stages()) {
                if (!stage.active()) continue;
                List<Long> created = notices.createNotices(stage, now);
                ids.addAll(created);
                if ("suspension".equals(stage.audience())) {
                    for (long id : created) {
                        Notice n = notices.find(id).orElseThrow();
                        queues.create(NewWorkItem.of("completion-suspension", "Provider", n.providerId(), null,
                                "Suspension list: " + n.providerName(), n.itemCount() + " deficiencies reached "
                                        + stage.daysOverdue() + " days past due; notify the medical staff office"), actor);
                    }
                }
            }
            return ids;
        });
        audit.record(AuditEntry.of(AuditAction.CREATE, DataCategory.CLINICAL_DOCUMENTS, AuditOutcome.SUCCESS)
                .withResource("Notice", null).withDetail("deficiency notices run: " + made.size() + " notices"), actor);
        return made.size();
    }

    public List<NoticeStage> stages() {
        return notices.stages();
    }

    /** Changes a stage's days past due and whether it is in force. Needs completion.rules; audited. */
    public void updateStage(String code, Integer days, boolean active, Integer expectedVersion) {
        CurrentUser user = CurrentUser.require();
        if (!permissions.has(user, DeficiencyService.RULES)) {
            audit.record(AuditEntry.of(AuditAction.ADMIN_CHANGE, DataCategory.SECURITY, AuditOutcome.DENIED)
                    .withResource("NoticeStage", code).withDetail("refused: needs completion.rules"));
            throw new AccessDeniedException("Editing notice stages needs completion.rules");
        }
        if (notices.stages().stream().noneMatch(s -> s.code().equals(code))) throw new NotFoundException("No notice stage '" + code + "'");
        if (days == null || days < 0 || days > 365) throw new InvalidRequestException("daysOverdue", "Days past due is 0 to 365");
        if (expectedVersion == null) throw new InvalidRequestException("version", "Give the version you saw");
        if (notices.updateStage(code, days, active, expectedVersion) == 0) throw new StaleVersionException("Notice stage " + code, expectedVersion);
        audit.record(AuditEntry.of(AuditAction.ADMIN_CHANGE, DataCategory.SECURITY, AuditOutcome.SUCCESS)
                .withResource("NoticeStage", code).withDetail("changed: " + days + " days past due" + (active ? "" : ", switched off")));
    }

    /** The signed-in provider's notices (reminders to them, escalations to them as chief). */
    public List<Notice> inbox() {
        DeficiencyRepository.ProviderRef me = myProvider();
        return notices.inbox(me.id(), 50);
    }

    public long unread() {
        return CurrentUser.find().flatMap(u -> deficiencies.providerOfUser(u.id())).map(p -> notices.unread(p.id())).orElse(0L);
    }

    /** Notices for HIM, newest first. */
    public List<Notice> recent(Long providerId, String stage, int limit) {
        require(DeficiencyService.READ, "the notice list");
        return notices.recent(providerId, stage == null || stage.isBlank() ? null : stage, Math.max(1, Math.min(limit, 1000)));
    }

    /** A notice with the deficiencies it names; its recipient or provider, or HIM. Audited as a list of patients. */
    public NoticeView view(long id) {
        Notice n = readable(id);
        List<Deficiency> items = new ArrayList<>();
        for (long d : notices.itemIds(id)) deficiencies.find(d).ifPresent(items::add);
        gate.list(DataCategory.CLINICAL_DOCUMENTS, "Notice", items.stream().map(Deficiency::patientId).toList(), "notice " + id);
        return new NoticeView(n, items);
    }

    public record NoticeView(Notice notice, List<Deficiency> items) {}

    /** The notice as a PDF letter. Audited as a list of the patients it names. */
    public byte[] letter(long id) {
        NoticeView v = view(id);
        return letters.render(v, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), clock.instant());
    }

    /** Marks a notice read when its recipient opens it (HIM looking at it leaves it unread). */
    public void markRead(long id) {
        Notice n = readable(id);
        Long mine = CurrentUser.find().flatMap(u -> deficiencies.providerOfUser(u.id()))
                .map(DeficiencyRepository.ProviderRef::id).orElse(null);
        if (mine != null && mine.equals(n.recipientProviderId())) notices.markRead(n.id(), clock.instant());
    }

    public List<NoticeSuspension> suspensions() {
        require(DeficiencyService.READ, "the suspension list");
        return notices.suspensions();
    }

    private Notice readable(long id) {
        Notice n = notices.find(id).orElseThrow(() -> new NotFoundException("No notice " + id));
        CurrentUser user = CurrentUser.require();
        if (permissions.has(user, DeficiencyService.READ)) return n;
        Long mine = deficiencies.providerOfUser(user.id()).map(DeficiencyRepository.ProviderRef::id).orElse(null);
        if (mine != null && permissions.has(user, DeficiencyService.OWN)
                && (mine == n.providerId() || mine.equals(n.recipientProviderId()))) {
            return n;
        }
        audit.record(AuditEntry.of(AuditAction.VIEW, DataCategory.CLINICAL_DOCUMENTS, AuditOutcome.DENIED)
                .withResource("Notice", id).withDetail("refused: not the notice's provider or recipient"));
        throw new AccessDeniedException("This notice is not addressed to you");
    }

    private DeficiencyRepository.ProviderRef myProvider() {
        CurrentUser user = CurrentUser.require();
        if (!permissions.has(user, DeficiencyService.OWN)) throw new AccessDeniedException("Notices need completion.own");
        return deficiencies.providerOfUser(user.id()).orElseThrow(() -> new InvalidRequestException("provider",
                "Your account is not linked to a provider"));
    }

    private void require(String permission, String what) {
        if (!permissions.has(CurrentUser.require(), permission)) {
            audit.record(AuditEntry.of(AuditAction.VIEW, DataCategory.CLINICAL_DOCUMENTS, AuditOutcome.DENIED)
                    .withResource("Notice", null).withDetail("refused " + what + ": needs " + permission));
            throw new AccessDeniedException(what + " needs " + permission);
        }
    }
}

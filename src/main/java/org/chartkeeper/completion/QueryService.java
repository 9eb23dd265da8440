package org.chartkeeper.completion;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
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
import org.chartkeeper.audit.PatientAccess;
import org.chartkeeper.encounter.Encounter;
import org.chartkeeper.encounter.EncounterService;
import org.chartkeeper.record.Document;
import org.chartkeeper.record.NewTextDocument;
import org.chartkeeper.record.RecordService;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.PermissionService;
import org.chartkeeper.workqueue.NewWorkItem;
import org.chartkeeper.workqueue.WorkItem;
import org.chartkeeper.workqueue.WorkQueueService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Physician (CDI) queries: compliant templates, queries citing clinical indicators from the encounter's documents,
 * the addressed provider's answer filed in the legal health record as a signed document, aging and escalation
 * through the work-queue engine, and the response-time and agreement reports. Every read or change of a query passes
 * the {@link AccessGate} (category CLINICAL_DOCUMENTS, resource PhysicianQuery).
 */
@Service
public class QueryService {

    public static final String READ = "query.read";
    public static final String WRITE = "query.write";
    public static final String ANSWER = "query.answer";
    public static final String TEMPLATES = "query.templates";
    public static final String REPORT = "query.report";
    public static final String ITEM_TYPE = "physician-query";
    public static final String ESCALATION_TYPE = "physician-query-escalation";
    public static final String RESPONSE_TYPE = "query-response";
    static final String RESOURCE = "PhysicianQuery";
    static final int LIST_LIMIT = 500;
    static final int MAX_INDICATORS = 10;

    private static final Logger log = LoggerFactory.getLogger(QueryService.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final QueryRepository queries;
    private final RecordService record;
    private final EncounterService encounters;
    private final WorkQueueService workQueues;
    private final AccessGate gate;
    private final AuditService audit;
    private final PermissionService permissions;
    private final Clock clock;
    private final Duration answerDue;
    private final Duration escalationDue;

    public QueryService(QueryRepository queries, RecordService record, EncounterService encounters,
                        WorkQueueService workQueues, AccessGate gate, AuditService audit, PermissionService permissions,
                        Clock clock, @Value("${chartkeeper.queries.answer-due:PT48H}") Duration answerDue,
                        @Value("${chartkeeper.queries.escalation-due:PT72H}") Duration escalationDue) {
        this.queries = queries;
        this.record = record;
        this.encounters = encounters;
        this.workQueues = workQueues;
        this.gate = gate;
        this.audit = audit;
        this.permissions = permissions;
        this.clock = clock;
        this.answerDue = answerDue;
        this.escalationDue = escalationDue;
    }

    // ------------------------------------------------------------------ templates (no patient data)

    public List<QueryTemplate> templates() {
        return queries.templates();
    }

    public List<QueryTemplate> activeTemplates() {
        return queries.templates().stream().filter(QueryTemplate::active).toList();
    }

    public QueryTemplate template(long id) {
        return queries.template(id).orElseThrow(() -> new NotFoundException("No query template " + id));
    }

    /** Adds ({@code expectedVersion} null) or changes a template; it must itself be compliant. Needs query.templates. */
    @Transactional
    public QueryTemplate saveTemplate(QueryTemplate t, Integer expectedVersion) {
        if (!has(TEMPLATES)) {
            audit.record(AuditEntry.of(AuditAction.ADMIN_CHANGE, DataCategory.SECURITY, AuditOutcome.DENIED)
                    .withResource("QueryTemplate", t.id() == null ? null : String.valueOf(t.id()))
                    .withDetail("refused: needs " + TEMPLATES));
            throw new AccessDeniedException("Editing query templates needs " + TEMPLATES);
        }
        String code = t.code() == null ? "" : t.code().strip().toLowerCase(Locale.ROOT);
        if (!code.matches("[a-z0-9][a-z0-9-]{1,39}")) {
            throw new InvalidRequestException("code", "Code is 2 to 40 lowercase letters, digits and hyphens");
        }
        if (t.name() == null || t.name().isBlank() || t.name().length() > 120) {
            throw new InvalidRequestException("name", "Name is required (at most 120 characters)");
        }
        if (t.kind() == null) throw new InvalidRequestException("kind", "Choose the kind: open-ended, multiple-choice or yes-no");
        String purpose = t.yesNoPurpose() == null || t.yesNoPurpose().isBlank() ? null : t.yesNoPurpose().strip();
        List<String> options = QueryCompliance.check(t.kind(), purpose, t.question(), t.options());
        QueryTemplate clean = new QueryTemplate(t.id(), code, t.name().strip(), t.kind(), purpose, t.question().strip(),
                t.kind() == QueryKind.MULTIPLE_CHOICE ? options : List.of(), t.active(), 0);
        if (queries.codeTaken(code, expectedVersion == null ? null : t.id())) {
            throw new InvalidRequestException("code", "A query template '" + code + "' already exists");
        }
        Instant now = clock.instant();
        long id;
        if (expectedVersion == null) {
            id = queries.insertTemplate(clean, now, CurrentUser.require().id());
        } else {
            if (t.id() == null || queries.template(t.id()).isEmpty()) throw new NotFoundException("No query template " + t.id());
            if (queries.updateTemplate(clean, expectedVersion, now, CurrentUser.require().id()) == 0) {
                throw new StaleVersionException("Query template " + t.id(), expectedVersion);
            }
            id = t.id();
        }
        audit.record(AuditEntry.of(AuditAction.ADMIN_CHANGE, DataCategory.SECURITY, AuditOutcome.SUCCESS)
                .withResource("QueryTemplate", String.valueOf(id)).withDetail((expectedVersion == null ? "created: " : "changed: ")
                        + clean.name() + " (" + clean.kind().code + ")" + (clean.active() ? "" : ", inactive")));
        return template(id);
    }

    // ------------------------------------------------------------------ writing and sending

    /**
     * Drafts a query (and sends it when asked): the template's kind constrains it, every indicator quotes a
     * document of the encounter. Needs query.write and the right to open the chart; audited (CREATE).
     */
    @Transactional
    public PhysicianQuery create(NewPhysicianQuery request) {
        if (request.encounterId() == null) throw new InvalidRequestException("encounterId", "Name the encounter");
        Encounter encounter;
        try {
            encounter = encounters.get(request.encounterId());
        } catch (NotFoundException e) {
            throw new InvalidRequestException("encounterId", "No encounter " + request.encounterId());
        }
        gate.openChange(PatientAccess.of(AuditAction.CREATE, DataCategory.CLINICAL_DOCUMENTS, encounter.patientId(),
                RESOURCE, null), WRITE, "query drafted");
        if (request.templateId() == null) throw new InvalidRequestException("templateId", "Choose a query template");
        QueryTemplate template = queries.template(request.templateId())
                .orElseThrow(() -> new InvalidRequestException("templateId", "No query template " + request.templateId()));
        if (!template.active()) {
            throw new InvalidRequestException("templateId", "Query template '" + template.name() + "' is no longer in use");
        }
        if (request.providerId() == null) throw new InvalidRequestException("providerId", "Choose the provider to ask");
        QueryRepository.ProviderAccount provider = queries.provider(request.providerId())
                .orElseThrow(() -> new InvalidRequestException("providerId", "No provider " + request.providerId()));
        if (provider.userId() == null) {
            throw new InvalidRequestException("providerId", provider.name() + " has no Chartkeeper account and cannot"
                    + " answer a query here; ask a provider who signs in");
        }
        String question = request.question() == null || request.question().isBlank() ? template.question()
                : request.question().strip();
        List<String> options = QueryCompliance.check(template.kind(), template.yesNoPurpose(), question,
                request.options() == null ? template.options() : request.options());
        List<NewPhysicianQuery.Indicator> indicators = indicators(encounter, request.indicators());
        QueryCompliance.checkIndicators(template.kind(), indicators.size());
        long id = queries.insert(encounter.patientId(), encounter.id(), provider.id(), CurrentUser.require().id(),
                template.id(), template.kind(), template.yesNoPurpose(), template.name(), question, clock.instant());
        queries.insertOptions(id, options);
        queries.insertIndicators(id, indicators);
        if (Boolean.TRUE.equals(request.send())) return send(id, 0);
        return find(id);
    }

    /** Sends a draft to its provider: due after the configured time, in the provider's queue. Audited (UPDATE). */
    @Transactional
    public PhysicianQuery send(long queryId, int expectedVersion) {
        PhysicianQuery q = find(queryId);
        gate.openChange(PatientAccess.of(AuditAction.UPDATE, DataCategory.CLINICAL_DOCUMENTS, q.patientId(), RESOURCE,
                queryId), WRITE, "query sent");
        if (q.status() != QueryStatus.DRAFT) {
            throw new InvalidRequestException("status", "Query " + queryId + " is " + q.status().code() + "; only a draft is sent");
        }
        Instant now = clock.instant();
        Instant due = now.plus(answerDue);
        if (queries.send(queryId, expectedVersion, now, due) == 0) throw new StaleVersionException("Query " + queryId, expectedVersion);
        long userId = queries.provider(q.providerId()).map(QueryRepository.ProviderAccount::userId).orElseThrow();
        WorkItem item = workQueues.createAssigned(NewWorkItem.of(ITEM_TYPE, RESOURCE, queryId, q.patientId(),
                "Query: " + q.topic() + " (account " + q.accountNumber() + ")",
                "Answer the documentation query in Queries; it is due " + DAY.format(due) + ".").dueAt(due), userId,
                Actor.current());
        queries.workItem(queryId, item.id());
        return find(queryId);
    }

    // ------------------------------------------------------------------ reading

    /** One query. CDI staff with query.read, or the addressed provider; audited (VIEW). */
    public PhysicianQuery get(long queryId) {
        PhysicianQuery q = find(queryId);
        if (!has(READ) && !addressedToMe(q)) {
            refuse(q, AuditAction.VIEW, "the query is addressed to another provider");
            throw new AccessDeniedException("Query " + queryId + " is not addressed to you");
        }
        gate.open(PatientAccess.view(DataCategory.CLINICAL_DOCUMENTS, q.patientId(), RESOURCE, queryId));
        return q;
    }

    /** Queries by status, provider and encounter (any when null), open and overdue first. Needs query.read; audited. */
    public List<PhysicianQuery> list(QueryStatus status, Long providerId, Long encounterId) {
        if (!has(READ)) {
            audit.record(AuditEntry.of(AuditAction.VIEW, DataCategory.CLINICAL_DOCUMENTS, AuditOutcome.DENIED)
                    .withResource(RESOURCE, null).withDetail("refused: query list needs " + READ));
            throw new AccessDeniedException("Listing physician queries needs " + READ);
        }
        List<PhysicianQuery> list = queries.list(status, providerId, encounterId, LIST_LIMIT);
        gate.list(DataCategory.CLINICAL_DOCUMENTS, RESOURCE, list.stream().map(PhysicianQuery::patientId).toList(),
                "physician queries");
        return list;
    }

    /** The current user's open queries (as the addressed provider), oldest first. Audited. */
    public List<PhysicianQuery> mine() {
        List<PhysicianQuery> list = queries.providerOfUser(CurrentUser.require().id())
                .map(p -> queries.openFor(p.id(), LIST_LIMIT)).orElse(List.of());
        gate.list(DataCategory.CLINICAL_DOCUMENTS, RESOURCE, list.stream().map(PhysicianQuery::patientId).toList(),
                "my open physician queries");
        return list;
    }

    /** Whether the current user is a provider who may answer queries. */
    public boolean answersQueries() {
        return has(ANSWER) && queries.providerOfUser(CurrentUser.require().id()).isPresent();
    }

    /** The documents of an encounter a query may cite (authenticated or draft, not entered in error). Audited. */
    public List<Document> citableDocuments(long encounterId) {
        Encounter e = encounters.get(encounterId);
        return record.encounterDocuments(e.patientId(), encounterId).stream()
                .filter(d -> !RESPONSE_TYPE.equals(d.typeCode())).toList();
    }

    /** A document's text, to quote from on the query form. Audited by the record. */
    public String documentText(long documentId) {
        var content = record.content(documentId, null);
        return content.text();
    }

    public record ProviderChoice(long id, String name) {}

    /** Providers who can answer queries (linked to an account). A directory, not patient data. */
    public List<ProviderChoice> providers() {
        return queries.providersWithAccounts().stream().map(p -> new ProviderChoice(p.id(), p.name())).toList();
    }

    public boolean canRead() {
        return has(READ);
    }

    public boolean canWrite() {
        return has(WRITE);
    }

    public boolean canEditTemplates() {
        return has(TEMPLATES);
    }

    /** Whether the current user is the provider this query is addressed to. */
    public boolean isAddressee(PhysicianQuery q) {
        return addressedToMe(q);
    }

    /** The encounter with this account number, opened (audited) for writing a query on it. */
    public long encounterByAccount(String account) {
        if (account == null || account.isBlank()) throw new InvalidRequestException("account", "Give the encounter's account number");
        if (account.length() > 40) throw new InvalidRequestException("account", "An account number is at most 40 characters");
        long id = queries.encounterByAccount(account.strip())
                .orElseThrow(() -> new InvalidRequestException("account", "No encounter with account number " + account.strip()));
        return encounters.get(id).id();
    }

    public Duration answerDue() {
        return answerDue;
    }

    // ------------------------------------------------------------------ answering

    /**
     * The addressed provider answers: an option (multiple choice, yes/no) and/or text (open-ended, "other"). The
     * answer is filed in the legal health record as a signed query-response document of the encounter, and the query
     * keeps its id. Audited (UPDATE, and the document's CREATE and signature).
     */
    @Transactional
    public PhysicianQuery answer(long queryId, int expectedVersion, String option, String text) {
        PhysicianQuery q = find(queryId);
        if (!addressedToMe(q)) {
            refuse(q, AuditAction.UPDATE, "only the addressed provider may answer");
            throw new AccessDeniedException("Only the addressed provider (" + q.providerName() + ") may answer query " + queryId);
        }
        gate.openChange(PatientAccess.of(AuditAction.UPDATE, DataCategory.CLINICAL_DOCUMENTS, q.patientId(), RESOURCE,
                queryId), ANSWER, "query answered");
        if (!q.status().open()) {
            throw new InvalidRequestException("status", "Query " + queryId + " is " + q.status().code()
                    + "; only a sent query can be answered");
        }
        if (q.version() != expectedVersion) throw new StaleVersionException("Query " + queryId, expectedVersion);
        String chosen = null;
        String comment = text == null || text.isBlank() ? null : text.strip().replace("\r\n", "\n");
        if (comment != null && comment.length() > 4000) {
            throw new InvalidRequestException("text", "The answer is too long (at most 4000 characters)");
        }
        if (q.kind() == QueryKind.OPEN_ENDED) {
            if (option != null && !option.isBlank()) {
                throw new InvalidRequestException("option", "An open-ended query is answered in your own words, not with an option");
            }
            if (comment == null) throw new InvalidRequestException("text", "Write your answer");
        } else {
            if (option == null || option.isBlank()) throw new InvalidRequestException("option", "Choose one of the options");
            chosen = q.options().stream().filter(o -> o.equalsIgnoreCase(option.strip())).findFirst()
                    .orElseThrow(() -> new InvalidRequestException("option", "'" + option.strip()
                            + "' is not one of this query's options"));
            if (QueryCompliance.isOther(chosen) && comment == null) {
                throw new InvalidRequestException("text", "You chose \"" + chosen + "\": please specify");
            }
        }
        Instant now = clock.instant();
        Document draft = record.createText(q.patientId(), new NewTextDocument(q.encounterId(), RESPONSE_TYPE,
                "Query response: " + q.topic(), null, responseText(q, chosen, comment, now), "typed", q.providerId()));
        Document signed = record.sign(draft.id(), draft.version());
        if (queries.answer(queryId, expectedVersion, now, CurrentUser.require().id(), chosen, comment, signed.id(),
                QueryCompliance.derived(q.kind(), chosen)) == 0) {
            throw new StaleVersionException("Query " + queryId, expectedVersion);
        }
        settleItems(q, true, "answered; response filed as document " + signed.id());
        return find(queryId);
    }

    // ------------------------------------------------------------------ CDI follow-up

    /** CDI notes the outcome (agreed, disagreed, undetermined; defaults to what the answer implied) and closes. */
    @Transactional
    public PhysicianQuery close(long queryId, int expectedVersion, String outcome, String note) {
        PhysicianQuery q = find(queryId);
        gate.openChange(PatientAccess.of(AuditAction.UPDATE, DataCategory.CLINICAL_DOCUMENTS, q.patientId(), RESOURCE,
                queryId), WRITE, "query closed");
        if (q.status() != QueryStatus.ANSWERED) {
            throw new InvalidRequestException("status", "Query " + queryId + " is " + q.status().code()
                    + "; only an answered query is closed");
        }
        QueryOutcome decided = outcome == null || outcome.isBlank() ? q.outcome() : QueryOutcome.of("outcome", outcome);
        if (decided == null) {
            throw new InvalidRequestException("outcome", "Note the outcome: did the provider agree, disagree, or find it"
                    + " clinically undetermined?");
        }
        String n = note == null || note.isBlank() ? null : note.strip();
        if (n != null && n.length() > 1000) throw new InvalidRequestException("note", "The note is at most 1000 characters");
        if (queries.close(queryId, expectedVersion, clock.instant(), CurrentUser.require().id(), decided, n) == 0) {
            throw new StaleVersionException("Query " + queryId, expectedVersion);
        }
        return find(queryId);
    }

    /** Withdraws a query not yet answered (no longer needed), saying why; its queue items are cancelled. */
    @Transactional
    public PhysicianQuery withdraw(long queryId, int expectedVersion, String reason) {
        PhysicianQuery q = find(queryId);
        gate.openChange(PatientAccess.of(AuditAction.UPDATE, DataCategory.CLINICAL_DOCUMENTS, q.patientId(), RESOURCE,
                queryId), WRITE, "query withdrawn");
        if (reason == null || reason.isBlank()) throw new InvalidRequestException("reason", "Say why the query is withdrawn");
        if (reason.length() > 1000) throw new InvalidRequestException("reason", "The reason is at most 1000 characters");
        if (q.status() != QueryStatus.DRAFT && !q.status().open()) {
            throw new InvalidRequestException("status", "Query " + queryId + " is " + q.status().code()
                    + "; it can no longer be withdrawn");
        }
        if (queries.withdraw(queryId, expectedVersion, clock.instant(), CurrentUser.require().id(), reason.strip()) == 0) {
            throw new StaleVersionException("Query " + queryId, expectedVersion);
        }
        settleItems(q, false, "query withdrawn: " + reason.strip());
        return find(queryId);
    }

    // ------------------------------------------------------------------ aging and escalation

    @Scheduled(fixedDelayString = "${chartkeeper.queries.escalation-scan:PT5M}", initialDelayString = "PT1M")
    void scheduledEscalation() {
        int n = escalateOverdue(clock.instant());
        if (n > 0) log.info("Escalated {} overdue physician queries", n);
    }

    /**
     * Escalates every sent query past its due time at {@code asOf}: an item in the physician advisors' queue (due
     * after the configured time), the query marked escalated. Returns how many were escalated.
     */
    @Transactional
    public int escalateOverdue(Instant asOf) {
        Actor system = Actor.system("query-escalation");
        int n = 0;
        for (PhysicianQuery q : queries.dueForEscalation(asOf, 1000)) {
            long overdueHours = Duration.between(q.dueAt(), asOf).toHours();
            WorkItem item = workQueues.create(NewWorkItem.of(ESCALATION_TYPE, RESOURCE, q.id(), q.patientId(),
                    "Unanswered query to " + q.providerName() + ": " + q.topic(),
                    "Sent " + DAY.format(q.sentAt()) + ", due " + DAY.format(q.dueAt()) + " (overdue " + overdueHours
                            + " h). Take it up with the provider.").dueAt(asOf.plus(escalationDue)).withPriority(2), system);
            if (queries.escalate(q.id(), q.version(), asOf, item.id()) == 1) {
                n++;
            } else {
                workQueues.settle(item.id(), false, system, "the query changed meanwhile");
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ reports (no patient data: counts by provider)

    /** Response time and agreement of queries answered from {@code from} through {@code to} (UTC days). */
    public QueryReport report(LocalDate from, LocalDate to) {
        if (!has(REPORT)) {
            audit.record(AuditEntry.of(AuditAction.VIEW, DataCategory.CLINICAL_DOCUMENTS, AuditOutcome.DENIED)
                    .withResource("QueryReport", null).withDetail("refused: needs " + REPORT));
            throw new AccessDeniedException("The query reports need " + REPORT);
        }
        LocalDate end = to == null ? LocalDate.now(clock) : to;
        LocalDate start = from == null ? end.minusMonths(12).withDayOfMonth(1) : from;
        if (end.isBefore(start)) throw new InvalidRequestException("to", "The end date is before the start date");
        if (start.plusYears(5).isBefore(end)) throw new InvalidRequestException("from", "The period is at most five years");
        List<QueryReport.Answer> answered = queries.answeredBetween(start.atStartOfDay().toInstant(ZoneOffset.UTC),
                end.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        return QueryReport.of(start, end, answered);
    }

    // ------------------------------------------------------------------ rules

    private List<NewPhysicianQuery.Indicator> indicators(Encounter encounter, List<NewPhysicianQuery.Indicator> given) {
        List<NewPhysicianQuery.Indicator> out = new ArrayList<>();
        if (given == null) return out;
        for (NewPhysicianQuery.Indicator i : given) {
            if (i == null || (i.documentId() == null && (i.excerpt() == null || i.excerpt().isBlank()))) continue;
            if (i.documentId() == null) throw new InvalidRequestException("indicators", "Name the document each excerpt is quoted from");
            if (i.excerpt() == null || i.excerpt().isBlank()) {
                throw new InvalidRequestException("indicators", "Quote the clinical indicator from document " + i.documentId());
            }
            String excerpt = i.excerpt().strip().replace("\r\n", "\n");
            if (excerpt.length() > 1000) throw new InvalidRequestException("indicators", "An excerpt is at most 1000 characters");
            Document d;
            try {
                d = record.get(i.documentId());
            } catch (NotFoundException e) {
                throw new InvalidRequestException("indicators", "No document " + i.documentId());
            }
            if (!Objects.equals(d.encounterId(), encounter.id())) {
                throw new InvalidRequestException("indicators", "Document " + d.id() + " is not one of encounter "
                        + encounter.accountNumber() + "'s documents; cite the encounter's own record");
            }
            if (d.enteredInError()) throw new InvalidRequestException("indicators", "Document " + d.id() + " was entered in error");
            if (!d.isFile()) {
                String text = record.content(d.id(), null).text();
                if (!normalized(text).contains(normalized(excerpt))) {
                    throw new InvalidRequestException("indicators", "The excerpt \"" + cut(excerpt, 60)
                            + "\" is not in document " + d.id() + " (" + d.title() + "); quote the record exactly");
                }
            }
            out.add(new NewPhysicianQuery.Indicator(d.id(), excerpt));
        }
        if (out.size() > MAX_INDICATORS) throw new InvalidRequestException("indicators", "Cite at most " + MAX_INDICATORS + " indicators");
        return out;
    }

    private String responseText(PhysicianQuery q, String chosen, String comment, Instant now) {
        StringBuilder b = new StringBuilder("PHYSICIAN QUERY RESPONSE\n\n");
        b.append("Query ").append(q.id()).append(": ").append(q.topic()).append(" (").append(q.kind().label).append(")\n");
        b.append("From: ").append(q.authorName()).append(", sent ").append(q.sentAt() == null ? "-" : DAY.format(q.sentAt())).append("\n\n");
        b.append("Clinical indicators cited:\n");
        for (QueryIndicator i : q.indicators()) {
            b.append("- \"").append(i.excerpt()).append("\" (").append(i.documentTitle()).append(", document ")
                    .append(i.documentId()).append(")\n");
        }
        b.append("\nQuestion: ").append(q.question()).append("\n");
        if (!q.options().isEmpty()) b.append("Options offered: ").append(String.join("; ", q.options())).append("\n");
        b.append("\nAnswer: ").append(chosen == null ? comment : chosen).append("\n");
        if (chosen != null && comment != null) b.append("Comment: ").append(comment).append("\n");
        b.append("\nAnswered by ").append(q.providerName()).append(", ").append(DAY.format(now)).append(".");
        return b.toString();
    }

    private void settleItems(PhysicianQuery q, boolean done, String note) {
        Actor actor = Actor.current();
        if (q.workItemId() != null) workQueues.settle(q.workItemId(), done, actor, note);
        if (q.escalationItemId() != null) workQueues.settle(q.escalationItemId(), done, actor, note);
    }

    private boolean addressedToMe(PhysicianQuery q) {
        return queries.provider(q.providerId()).map(QueryRepository.ProviderAccount::userId)
                .map(u -> u == CurrentUser.require().id()).orElse(false);
    }

    private void refuse(PhysicianQuery q, AuditAction action, String why) {
        audit.record(new AuditEntry(action, DataCategory.CLINICAL_DOCUMENTS, AuditOutcome.DENIED, q.patientId(), RESOURCE,
                String.valueOf(q.id()), null, "refused: " + why));
    }

    private PhysicianQuery find(long queryId) {
        return queries.find(queryId).orElseThrow(() -> new NotFoundException("No physician query " + queryId));
    }

    private boolean has(String permission) {
        return permissions.has(CurrentUser.require(), permission);
    }

    private static String normalized(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}

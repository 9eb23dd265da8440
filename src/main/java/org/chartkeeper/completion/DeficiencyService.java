package org.chartkeeper.completion;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import org.chartkeeper.encounter.EncounterService;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.PermissionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Chart completion's use cases: the deficiency analysis (a full pass over every encounter, and a pass over one
 * encounter after a change in its record), the provider's own deficiency queue, the HIM view, waivers, the rules an
 * HIM director edits, and the surgical cases the operative-report rules are anchored on. Every list or detail that
 * shows patients passes the {@link AccessGate}.
 */
@Service
public class DeficiencyService {

    public static final String READ = "completion.read";
    public static final String MANAGE = "completion.manage";
    public static final String RULES = "completion.rules";
    public static final String OWN = "completion.own";
    static final String RESOURCE = "Deficiency";

    private static final Logger log = LoggerFactory.getLogger(DeficiencyService.class);

    private final DeficiencyRepository deficiencies;
    private final DeficiencyAnalysisRepository analysis;
    private final AccessGate gate;
    private final AuditService audit;
    private final PermissionService permissions;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final TransactionTemplate newTx;

    public DeficiencyService(DeficiencyRepository deficiencies, DeficiencyAnalysisRepository analysis, AccessGate gate,
                             AuditService audit, PermissionService permissions, Clock clock,
                             PlatformTransactionManager transactions) {
        this.deficiencies = deficiencies;
        this.analysis = analysis;
        this.gate = gate;
        this.audit = audit;
        this.permissions = permissions;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        this.newTx = new TransactionTemplate(transactions);
        this.newTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    // ------------------------------------------------------------------ analysis

    /** The full pass, asked for by a user (API, page): needs completion.manage; recorded in the audit trail. */
    public DeficiencyPassResult analyze() {
        require(MANAGE, "running the deficiency analysis");
        return analyzeAll(Actor.current());
    }

    /** The full pass over every encounter, in one transaction; idempotent. */
    public DeficiencyPassResult analyzeAll(Actor actor) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        DeficiencyPassResult result = tx.execute(s -> pass(null, now, started));
        audit.record(AuditEntry.of(AuditAction.UPDATE, DataCategory.CLINICAL_DOCUMENTS, AuditOutcome.SUCCESS)
                .withResource("DeficiencyAnalysis", null).withDetail("full deficiency pass: " + result.opened()
                        + " opened, " + result.resolved() + " resolved, " + result.reopened() + " reopened, "
                        + result.retired() + " retired in " + result.millis() + " ms"), actor);
        log.info("Deficiency pass: {} rules, {} opened, {} resolved, {} reopened, {} retired in {} ms", result.rules(),
                result.opened(), result.resolved(), result.reopened(), result.retired(), result.millis());
        return result;
    }

    /**
     * The pass over one encounter after its record or the encounter changed (called after the change committed, in
     * its own transaction). A concurrent pass that added the same deficiency first is not an error: once retried,
     * the item is found and left alone.
     */
    public DeficiencyPassResult analyzeEncounter(long encounterId) {
        return analyzeEncounters(List.of(encounterId));
    }

    /**
     * The pass over several encounters at once (changes that queued up while the previous pass ran): the same
     * statements as for one, scoped to the set, so a burst of admissions costs one pass, not one each.
     */
    public DeficiencyPassResult analyzeEncounters(java.util.Collection<Long> encounterIds) {
        if (encounterIds.isEmpty()) return new DeficiencyPassResult(0, 0, 0, 0, 0, 0);
        List<Long> ids = List.copyOf(encounterIds);
        for (int attempt = 1; ; attempt++) {
            try {
                return newTx.execute(s -> pass(ids, clock.instant(), System.nanoTime()));
            } catch (DataIntegrityViolationException e) {
                if (attempt >= 3) throw e;
            }
        }
    }

    private DeficiencyPassResult pass(List<Long> encounterId, Instant now, long started) {
        analysis.lockRules();
        List<DeficiencyRule> rules = new ArrayList<>(deficiencies.rules());
        // the record-complete rule looks at what the others left open, so it runs last
        rules.sort((a, b) -> Boolean.compare(a.checkType() == DeficiencyCheck.RECORD_COMPLETE,
                b.checkType() == DeficiencyCheck.RECORD_COMPLETE));
        DeficiencyAnalysisRepository.Merge total = DeficiencyAnalysisRepository.Merge.NONE;
        int active = 0;
        java.util.Set<String> existing = encounterId == null ? null : analysis.rulesWithDeficiencies(encounterId);
        for (DeficiencyRule rule : rules) {
            if (rule.active()) {
                total = total.plus(analysis.run(rule, encounterId, now, existing == null || existing.contains(rule.code())));
                active++;
            } else {
                total = total.plus(new DeficiencyAnalysisRepository.Merge(0, 0, 0, existing != null
                        && !existing.contains(rule.code()) ? 0 : analysis.retireAll(rule.code(), encounterId, now)));
            }
        }
        return new DeficiencyPassResult(active, total.opened(), total.resolved(), total.reopened(), total.retired(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Go-live cut-over: open deficiencies due before {@code trackedFrom} predate chart-completion tracking and are
     * waived with the reason given, counted as waived from their due time so that the delinquency figures start at
     * go-live (they stay listed as waived; the audit trail records when this was done). Returns how many.
     */
    public int waiveBefore(Instant trackedFrom, String reason, Actor actor) {
        return waiveBefore(trackedFrom, reason, java.util.Set.of(), actor);
    }

    /** As {@link #waiveBefore(Instant, String, Actor)}, leaving the deficiencies of some providers open. */
    public int waiveBefore(Instant trackedFrom, String reason, java.util.Set<Long> exceptProviders, Actor actor) {
        int n = tx.execute(s -> deficiencies.waiveBefore(trackedFrom, reason, exceptProviders));
        audit.record(AuditEntry.of(AuditAction.UPDATE, DataCategory.CLINICAL_DOCUMENTS, AuditOutcome.SUCCESS)
                .withResource(RESOURCE, null).withDetail(n + " deficiencies due before " + trackedFrom + " waived: " + reason), actor);
        return n;
    }

    // ------------------------------------------------------------------ queues and views

    /** The signed-in provider's own open deficiencies, the oldest due first. Audited as a list. */
    public List<Deficiency> mine() {
        DeficiencyRepository.ProviderRef me = myProvider();
        List<Deficiency> list = deficiencies.list(new DeficiencyFilter(me.id(), null, "open", null, null, null, null,
                null, 500), clock.instant());
        gate.list(DataCategory.CLINICAL_DOCUMENTS, RESOURCE, list.stream().map(Deficiency::patientId).toList(),
                "own deficiency queue");
        return list;
    }

    /** The provider record of the signed-in user (a physician account linked to a provider), if any. */
    public java.util.Optional<ProviderName> myProviderName() {
        return CurrentUser.find().flatMap(u -> deficiencies.providerOfUser(u.id()))
                .map(p -> new ProviderName(p.id(), p.name(), p.specialty()));
    }

    public record ProviderName(long id, String name, String specialty) {}

    DeficiencyRepository.ProviderRef myProvider() {
        CurrentUser user = CurrentUser.require();
        if (!permissions.has(user, OWN)) throw new AccessDeniedException("A deficiency queue needs completion.own");
        return deficiencies.providerOfUser(user.id()).orElseThrow(() -> new InvalidRequestException("provider",
                "Your account is not linked to a provider, so you have no deficiency queue"));
    }

    /** The HIM view: deficiencies by filter. Needs completion.read; audited as a list of the patients shown. */
    public List<Deficiency> list(DeficiencyFilter filter) {
        require(READ, "the deficiency list");
        DeficiencyFilter f = check(filter);
        List<Deficiency> list = deficiencies.list(f, clock.instant());
        gate.list(DataCategory.CLINICAL_DOCUMENTS, RESOURCE, list.stream().map(Deficiency::patientId).toList(),
                "deficiency list");
        return list;
    }

    public long count(DeficiencyFilter filter) {
        require(READ, "the deficiency list");
        return deficiencies.count(check(filter), clock.instant());
    }

    /** Open deficiencies by responsible provider (or by department) and age past due: counts only. */
    public List<DeficiencySummary> summary(boolean byProvider) {
        require(READ, "the deficiency summary");
        return deficiencies.summary(byProvider, clock.instant());
    }

    /** One deficiency. Its responsible provider may see it with completion.own; others need completion.read. */
    public Deficiency get(long id) {
        Deficiency d = deficiencies.find(id).orElseThrow(() -> new NotFoundException("No deficiency " + id));
        CurrentUser user = CurrentUser.require();
        boolean own = permissions.has(user, OWN) && d.responsibleProviderId() != null && deficiencies.providerOfUser(user.id())
                .map(p -> p.id() == d.responsibleProviderId()).orElse(false);
        if (!own && !permissions.has(user, READ)) {
            audit.record(new AuditEntry(AuditAction.VIEW, DataCategory.CLINICAL_DOCUMENTS, AuditOutcome.DENIED,
                    d.patientId(), RESOURCE, String.valueOf(id), null, "refused: needs completion.read"));
            throw new AccessDeniedException("Seeing this deficiency needs completion.read");
        }
        gate.list(DataCategory.CLINICAL_DOCUMENTS, RESOURCE, List.of(d.patientId()), "deficiency " + id);
        return d;
    }

    /** Waives an open deficiency with a reason; it stays waived whatever later passes find. Audited. */
    public Deficiency waive(long id, Integer expectedVersion, String reason) {
        return tx.execute(s -> {
            Deficiency d = deficiencies.find(id).orElseThrow(() -> new NotFoundException("No deficiency " + id));
            // bad input is refused before the gate records the change as done
            if (expectedVersion == null) throw new InvalidRequestException("version", "Give the version you saw");
            if (reason == null || reason.isBlank()) {
                throw new InvalidRequestException("reason", "Say why the deficiency is waived");
            }
            if (reason.length() > 1000) throw new InvalidRequestException("reason", "Reason is at most 1000 characters");
            if (!d.open()) {
                throw new InvalidRequestException("status", "Deficiency " + id + " is " + d.status() + "; only an open one can be waived");
            }
            if (d.version() != expectedVersion) throw new StaleVersionException("Deficiency " + id, expectedVersion);
            gate.openChange(PatientAccess.of(AuditAction.UPDATE, DataCategory.CLINICAL_DOCUMENTS, d.patientId(), RESOURCE,
                    id), MANAGE, "deficiency waived");
            if (deficiencies.waive(id, expectedVersion, reason.strip(), CurrentUser.require().id(), clock.instant()) == 0) {
                throw new StaleVersionException("Deficiency " + id, expectedVersion);
            }
            return deficiencies.find(id).orElseThrow();
        });
    }

    public List<String> departments() {
        return deficiencies.departments();
    }

    public List<ProviderName> providers() {
        return deficiencies.providersWithDeficiencies().stream()
                .map(p -> new ProviderName(p.id(), p.name(), p.specialty())).toList();
    }

    // ------------------------------------------------------------------ rules

    public List<DeficiencyRule> rules() {
        return deficiencies.rules();
    }

    public DeficiencyRule rule(String code) {
        return deficiencies.rule(code).orElseThrow(() -> new NotFoundException("No deficiency rule '" + code + "'"));
    }

    /**
     * Changes a rule: description, encounter class, window, lookback, responsible provider, document types, active,
     * source. Needs completion.rules; refused when stale; audited as an administrative change. The next pass applies it.
     */
    public DeficiencyRule updateRule(DeficiencyRule changed, Integer expectedVersion) {
        CurrentUser user = CurrentUser.require();
        if (!permissions.has(user, RULES)) {
            audit.record(AuditEntry.of(AuditAction.ADMIN_CHANGE, DataCategory.SECURITY, AuditOutcome.DENIED)
                    .withResource("DeficiencyRule", changed.code()).withDetail("refused: needs completion.rules"));
            throw new AccessDeniedException("Editing deficiency rules needs completion.rules");
        }
        DeficiencyRule old = rule(changed.code());
        if (expectedVersion == null) throw new InvalidRequestException("version", "Give the version you saw");
        if (changed.description() == null || changed.description().isBlank() || changed.description().length() > 300) {
            throw new InvalidRequestException("description", "Description is required (at most 300 characters)");
        }
        String klass = changed.encounterClass() == null || changed.encounterClass().isBlank() ? null
                : changed.encounterClass().strip().toUpperCase(Locale.ROOT);
        if (klass != null && !EncounterService.CLASSES.contains(klass)) {
            throw new InvalidRequestException("encounterClass", "Encounter class is empty (all) or one of " + EncounterService.CLASSES);
        }
        if (changed.windowMinutes() < 0 || changed.windowMinutes() > 525_600) {
            throw new InvalidRequestException("windowMinutes", "The window is 0 to 525600 minutes (one year)");
        }
        if (changed.lookbackMinutes() < 0 || changed.lookbackMinutes() > 525_600) {
            throw new InvalidRequestException("lookbackMinutes", "The lookback is 0 to 525600 minutes (one year)");
        }
        String responsible = changed.responsible() == null ? old.responsible() : changed.responsible().strip();
        if (!allowedResponsible(old.checkType(), old.anchor()).contains(responsible)) {
            throw new InvalidRequestException("responsible", "For this rule the responsible provider is one of "
                    + allowedResponsible(old.checkType(), old.anchor()));
        }
        if (!responsible.equals(old.responsible())) {
            throw new InvalidRequestException("responsible", "This rule's responsible provider is fixed by what it checks ("
                    + old.responsible() + ")");
        }
        List<String> types = changed.documentTypes() == null ? old.documentTypes()
                : changed.documentTypes().stream().map(String::strip).filter(t -> !t.isEmpty()).distinct().toList();
        if (old.checkType() != DeficiencyCheck.RECORD_COMPLETE && types.isEmpty()) {
            throw new InvalidRequestException("documentTypes", "Name at least one document type");
        }
        for (String t : types) {
            if (!deficiencies.documentTypeExists(t)) throw new InvalidRequestException("documentTypes", "Unknown document type '" + t + "'");
        }
        String source = changed.source() == null || changed.source().isBlank() ? old.source() : changed.source().strip();
        if (source.length() > 300) throw new InvalidRequestException("source", "Source is at most 300 characters");
        DeficiencyRule clean = new DeficiencyRule(old.code(), changed.description().strip(), old.checkType(), klass,
                old.anchor(), changed.windowMinutes(), changed.lookbackMinutes(), responsible, changed.active(), source,
                old.sortOrder(), types, expectedVersion);
        if (deficiencies.updateRule(clean, expectedVersion, clock.instant(), user.id()) == 0) {
            throw new StaleVersionException("Deficiency rule " + old.code(), expectedVersion);
        }
        audit.record(AuditEntry.of(AuditAction.ADMIN_CHANGE, DataCategory.SECURITY, AuditOutcome.SUCCESS)
                .withResource("DeficiencyRule", old.code()).withDetail("changed: window " + clean.windowText()
                        + ", lookback " + clean.lookbackText() + ", class " + (klass == null ? "all" : klass)
                        + ", types " + String.join(" ", types) + (clean.active() ? "" : ", switched off")));
        return rule(old.code());
    }

    private static List<String> allowedResponsible(DeficiencyCheck check, String anchor) {
        return switch (check) {
            case DOCUMENT -> anchor.startsWith("surgery") ? List.of("surgeon") : List.of("attending");
            case SIGNATURE -> List.of("author");
            case COSIGNATURE -> List.of("cosigner");
            case RECORD_COMPLETE -> List.of("attending");
        };
    }

    // ------------------------------------------------------------------ surgical cases

    public record NewSurgicalCase(Long encounterId, Long surgeonProviderId, String procedure, String operatingRoom,
                                  Instant startedAt, Instant endedAt) {}

    /**
     * Records an operating-room procedure of an encounter (an OR system's feed, or HIM). Needs completion.manage and
     * the right to change the chart; audited. The encounter is analysed again at once.
     */
    public SurgicalCase recordSurgicalCase(NewSurgicalCase c) {
        if (c.encounterId() == null) throw new InvalidRequestException("encounterId", "Name the encounter");
        SurgicalCase saved = tx.execute(s -> {
            DeficiencyRepository.EncounterRef e = deficiencies.encounter(c.encounterId())
                    .orElseThrow(() -> new InvalidRequestException("encounterId", "No encounter " + c.encounterId()));
            gate.openChange(PatientAccess.of(AuditAction.CREATE, DataCategory.ENCOUNTERS, e.patientId(), "SurgicalCase",
                    null), MANAGE, "surgical case recorded");
            if (c.surgeonProviderId() == null || deficiencies.provider(c.surgeonProviderId()).isEmpty()) {
                throw new InvalidRequestException("surgeonProviderId", "Name the surgeon (a provider id)");
            }
            if (c.procedure() == null || c.procedure().isBlank() || c.procedure().length() > 300) {
                throw new InvalidRequestException("procedure", "Describe the procedure (at most 300 characters)");
            }
            if (c.operatingRoom() != null && c.operatingRoom().length() > 40) {
                throw new InvalidRequestException("operatingRoom", "Operating room is at most 40 characters");
            }
            if (c.startedAt() == null) throw new InvalidRequestException("startedAt", "Give the start time");
            if (c.endedAt() == null) throw new InvalidRequestException("endedAt", "Give the end time");
            if (c.endedAt().isBefore(c.startedAt())) {
                throw new InvalidRequestException("endedAt", "The procedure ends before it starts");
            }
            if (c.startedAt().isAfter(clock.instant().plusSeconds(3600))) {
                throw new InvalidRequestException("startedAt", "The start time is in the future");
            }
            if ("cancelled".equals(e.status())) {
                throw new InvalidRequestException("encounterId", "Encounter " + e.id() + " was cancelled");
            }
            long id = deficiencies.insertCase(e.patientId(), e.id(), c.surgeonProviderId(), c.procedure().strip(),
                    c.operatingRoom() == null || c.operatingRoom().isBlank() ? null : c.operatingRoom().strip(),
                    c.startedAt(), c.endedAt(), clock.instant());
            return deficiencies.cases(e.id()).stream().filter(x -> x.id() == id).findFirst().orElseThrow();
        });
        analyzeEncounter(saved.encounterId());
        return saved;
    }

    // ------------------------------------------------------------------ helpers

    private DeficiencyFilter check(DeficiencyFilter f) {
        if (f == null) return DeficiencyFilter.open();
        if (f.status() != null && !DeficiencyFilter.STATUSES.contains(f.status())) {
            throw new InvalidRequestException("status", "Status is one of " + DeficiencyFilter.STATUSES);
        }
        if (f.kind() != null && !DeficiencyFilter.KINDS.contains(f.kind())) {
            throw new InvalidRequestException("kind", "Kind is one of " + DeficiencyFilter.KINDS);
        }
        if (f.age() != null && !DeficiencyFilter.AGES.contains(f.age())) {
            throw new InvalidRequestException("age", "Age is one of " + DeficiencyFilter.AGES);
        }
        if (f.ruleCode() != null && deficiencies.rule(f.ruleCode()).isEmpty()) {
            throw new InvalidRequestException("rule", "No deficiency rule '" + f.ruleCode() + "'");
        }
        if (f.limit() < 1 || f.limit() > 5000) throw new InvalidRequestException("limit", "Limit is 1 to 5000");
        return f;
    }

    private void require(String permission, String what) {
        CurrentUser user = CurrentUser.require();
        if (!permissions.has(user, permission)) {
            audit.record(AuditEntry.of(AuditAction.VIEW, DataCategory.CLINICAL_DOCUMENTS, AuditOutcome.DENIED)
                    .withResource(RESOURCE, null).withDetail("refused " + what + ": needs " + permission));
            throw new AccessDeniedException(what + " needs " + permission);
        }
    }
}

package org.chartkeeper.coding;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.AuditEntry;
import org.chartkeeper.audit.AuditOutcome;
import org.chartkeeper.audit.AuditService;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.record.Document;
import org.chartkeeper.record.DocumentContent;
import org.chartkeeper.record.RecordService;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.Permissions;
import org.chartkeeper.security.PermissionService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The coding workspace: the encounter's abstract beside its documents (from the record, through
 * {@link RecordService}, so every document opened is an audited read), computer-assisted suggestions computed when
 * the workspace opens and stored so that the coder's decisions can be counted, accepting (adds the code) and
 * rejecting (with an optional reason), and the acceptance report.
 */
@Service
public class CodingWorkspaceService {

    private static final int SEARCH_HITS = 5;

    private final EncounterCodingService coding;
    private final RecordService records;
    private final CodeSetService codeSets;
    private final SuggestionRepository suggestions;
    private final PermissionService permissions;
    private final AuditService audit;
    private final TransactionTemplate tx;
    private final Clock clock;

    public CodingWorkspaceService(EncounterCodingService coding, RecordService records, CodeSetService codeSets,
                                  SuggestionRepository suggestions, PermissionService permissions, AuditService audit,
                                  TransactionTemplate tx, Clock clock) {
        this.coding = coding;
        this.records = records;
        this.codeSets = codeSets;
        this.suggestions = suggestions;
        this.permissions = permissions;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Opens the workspace: the abstract (an audited read), the encounter's documents (audited), suggestions from any
     * document new or changed since they were last computed, and, for a coder, the coding session goes on.
     */
    public CodingWorkspace open(long encounterId) {
        EncounterCoding c = coding.get(encounterId);
        boolean coder = permissions.currentHas(Permissions.CODING_WRITE);
        List<Document> docs = permissions.currentHas(RecordService.READ)
                ? records.encounterDocuments(c.patientId(), encounterId) : List.of();
        if (coder && !c.status().equals("final")) {
            refreshSuggestions(c, docs);
            coding.touchSession(c);
        }
        List<CodingWorkspace.DocumentRef> refs = docs.stream()
                .sorted(Comparator.comparing(Document::serviceAt))
                .map(d -> new CodingWorkspace.DocumentRef(d.id(), d.title(), d.typeName(), d.serviceAt(), d.kind(),
                        d.status().name().toLowerCase(java.util.Locale.ROOT)))
                .toList();
        return new CodingWorkspace(c, refs, suggestions.ofEncounter(encounterId));
    }

    /** The suggestions of an encounter as stored (after the workspace computed them). Audited read of the coding. */
    public List<CodingSuggestion> suggestions(long encounterId) {
        coding.get(encounterId);
        return suggestions.ofEncounter(encounterId);
    }

    private void refreshSuggestions(EncounterCoding c, List<Document> docs) {
        String fingerprint = docs.stream().sorted(Comparator.comparingLong(Document::id))
                .map(d -> d.id() + "v" + d.currentVersion()).collect(Collectors.joining(","));
        if (fingerprint.length() > 2000) fingerprint = fingerprint.substring(0, 2000);
        if (suggestions.lastRun(c.encounterId()).map(fingerprint::equals).orElse(false)) return;
        boolean inpatient = "INPATIENT".equalsIgnoreCase(c.encounterClass());
        LocalDate on = c.dischargeDate();
        ComputerAssistedCoding cac = ComputerAssistedCoding.withIndex((query, system) -> {
            try {
                return codeSets.search(query, system, on, SEARCH_HITS).results().stream()
                        .map(m -> new ComputerAssistedCoding.Hit(m.code(), m.title(), m.billable())).toList();
            } catch (InvalidRequestException e) {
                return List.of();
            }
        });
        Instant now = clock.instant();
        List<Object[]> found = new ArrayList<>();
        for (Document d : docs) {
            DocumentContent text = records.readableText(d.id());
            for (ComputerAssistedCoding.Finding f : cac.find(text.text(), inpatient)) {
                if (!f.negated()) found.add(new Object[] {d.id(), f});
            }
        }
        String run = fingerprint;
        tx.executeWithoutResult(s -> {
            for (Object[] x : found) {
                suggestions.insertIfNew(c.encounterId(), c.patientId(), (Long) x[0], (ComputerAssistedCoding.Finding) x[1], now);
            }
            suggestions.saveRun(c.encounterId(), run, now);
        });
    }

    /** A document of the encounter's patient, its text with the evidence of this encounter's suggestions marked. */
    public CodingWorkspace.DocumentText document(long encounterId, long documentId) {
        EncounterCoding c = coding.get(encounterId);
        DocumentContent content = records.readableText(documentId);
        Document d = content.document();
        if (d.patientId() != c.patientId()) throw new NotFoundException("Document " + documentId + " is not in this chart");
        String text = content.text() == null ? "" : content.text();
        TreeMap<Integer, List<String>> marks = new TreeMap<>();
        List<int[]> spans = new ArrayList<>();
        for (CodingSuggestion s : suggestions.ofEncounter(encounterId)) {
            if (s.documentId() != documentId || s.end() > text.length() || s.start() >= s.end()) continue;
            spans.add(new int[] {s.start(), s.end()});
            marks.computeIfAbsent(s.start(), k -> new ArrayList<>()).add(s.display());
        }
        List<CodingWorkspace.Part> parts = new ArrayList<>();
        int at = 0;
        for (Map.Entry<Integer, List<String>> m : marks.entrySet()) {
            int start = m.getKey();
            if (start < at) continue; // overlapping sentences: the first one shown
            int end = spans.stream().filter(x -> x[0] == start).mapToInt(x -> x[1]).max().orElse(start);
            if (start > at) parts.add(new CodingWorkspace.Part(text.substring(at, start), List.of()));
            parts.add(new CodingWorkspace.Part(text.substring(start, end), List.copyOf(m.getValue())));
            at = end;
        }
        if (at < text.length()) parts.add(new CodingWorkspace.Part(text.substring(at), List.of()));
        return new CodingWorkspace.DocumentText(d.id(), d.title(), d.typeName(), d.serviceAt(), parts);
    }

    /** Accepts a suggestion: the code is added to the abstract (needs the abstract's version) and the decision kept. */
    public EncounterCoding accept(long encounterId, long suggestionId, Integer version) {
        if (version == null) throw new InvalidRequestException("version", "Give the version of the coding you last read");
        CodingSuggestion s = suggestion(encounterId, suggestionId);
        LocalDate date = records.get(s.documentId()).serviceAt().atZone(ZoneOffset.UTC).toLocalDate();
        EncounterCoding saved = coding.addCode(encounterId, s.system(), s.code(), date, version);
        decide(s, "accepted", null);
        return saved;
    }

    /** Rejects a suggestion, with an optional reason (kept for the acceptance report). */
    public CodingSuggestion reject(long encounterId, long suggestionId, String reason) {
        if (reason != null && reason.length() > 300) throw new InvalidRequestException("reason", "At most 300 characters");
        CodingSuggestion s = suggestion(encounterId, suggestionId);
        coding.get(encounterId);
        decide(s, "rejected", reason == null || reason.isBlank() ? null : reason.strip());
        return suggestions.find(suggestionId).orElseThrow();
    }

    private CodingSuggestion suggestion(long encounterId, long suggestionId) {
        CodingSuggestion s = suggestions.find(suggestionId)
                .filter(x -> x.encounterId() == encounterId)
                .orElseThrow(() -> new NotFoundException("Encounter " + encounterId + " has no suggestion " + suggestionId));
        if (!s.status().equals("open")) {
            throw new InvalidRequestException("status", "Suggestion " + s.display() + " was " + s.status() + " already");
        }
        return s;
    }

    private void decide(CodingSuggestion s, String status, String reason) {
        String by = CurrentUser.require().username();
        if (!suggestions.decide(s.id(), status, by, clock.instant(), reason)) {
            throw new InvalidRequestException("status", "Suggestion " + s.display() + " was decided meanwhile");
        }
        EncounterCoding c = coding.get(s.encounterId());
        audit.record(AuditEntry.of(AuditAction.UPDATE, DataCategory.CODING, AuditOutcome.SUCCESS)
                .withPatient(c.patientId()).withResource("EncounterCoding", s.encounterId())
                .withDetail("suggestion " + s.display() + " " + status));
    }

    /** Acceptance of suggestions decided in the last {@code months} months, per coder, per code and per month. */
    public AcceptanceReport acceptance(int months) {
        if (months < 1 || months > 36) throw new InvalidRequestException("months", "Between 1 and 36");
        YearMonth now = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
        Instant from = now.minusMonths(months - 1L).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        List<SuggestionRepository.Decision> decisions = suggestions.decisions(from, clock.instant().plusSeconds(1));
        Map<String, long[]> byCoder = new TreeMap<>();
        Map<String, long[]> byCode = new TreeMap<>();
        Map<String, String> titles = new TreeMap<>();
        Map<String, long[]> byMonth = new TreeMap<>();
        long[] all = new long[2];
        for (SuggestionRepository.Decision d : decisions) {
            int i = d.accepted() ? 0 : 1;
            byCoder.computeIfAbsent(d.coder(), k -> new long[2])[i]++;
            String code = d.system().display(d.code());
            byCode.computeIfAbsent(code, k -> new long[2])[i]++;
            titles.put(code, d.title());
            byMonth.computeIfAbsent(YearMonth.from(d.at().atZone(ZoneOffset.UTC)).toString(), k -> new long[2])[i]++;
            all[i]++;
        }
        return new AcceptanceReport(from, rate("all", null, all), rates(byCoder, Map.of()), rates(byCode, titles).stream()
                .sorted(Comparator.comparingLong((Rate r) -> -(r.accepted() + r.rejected()))).limit(100).toList(),
                rates(byMonth, Map.of()));
    }

    private static List<Rate> rates(Map<String, long[]> m, Map<String, String> titles) {
        List<Rate> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(rate(k, titles.get(k), v)));
        return out;
    }

    private static Rate rate(String key, String title, long[] v) {
        long n = v[0] + v[1];
        return new Rate(key, title, v[0], v[1], n == 0 ? 0 : Math.round(10000.0 * v[0] / n) / 10000.0);
    }

    /** Accepted and rejected suggestions of a group (a coder, a code, a month); {@code rate} accepted over decided. */
    public record Rate(String key, String title, long accepted, long rejected, double rate) {}

    public record AcceptanceReport(Instant from, Rate overall, List<Rate> byCoder, List<Rate> byCode, List<Rate> byMonth) {}
}

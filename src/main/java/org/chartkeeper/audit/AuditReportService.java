package org.chartkeeper.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Audit reports for the privacy officer and auditor: filtered, sorted, paged event lists, CSV export, the
 * per-patient "who accessed this record" report and chain verification. Every report is itself audited; a report
 * that shows patients records which ones through the access gate.
 */
@Service
public class AuditReportService {

    /** Matching events are counted no further than this, so that a page never scans the whole trail. */
    public static final long COUNT_CAP = 10_000;

    private final AuditRepository repository;
    private final AuditService audit;
    private final AccessGate gate;
    private final ChainVerifier verifier;
    private final TransactionTemplate readOnly;

    public AuditReportService(AuditRepository repository, AuditService audit, AccessGate gate, ChainVerifier verifier,
                              PlatformTransactionManager transactions) {
        this.repository = repository;
        this.audit = audit;
        this.gate = gate;
        this.verifier = verifier;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /**
     * One page of events. {@code start} is the 0-based position of the first row (carried by the page so it can say
     * "events X–Y"); {@code next}/{@code previous} are the cursors for the neighbouring pages (a seq when sorted by
     * time, an offset otherwise), null when there is none.
     */
    public record Page(AuditQuery query, List<AuditReportRow> events, long start, Long next, Long previous,
                       boolean keyset, long matching, boolean moreThanCounted, Long patientId, int pageSize) {
        public long previousStart() {
            return Math.max(0, start - pageSize);
        }

        public long first() {
            return events.isEmpty() ? 0 : start + 1;
        }

        public long last() {
            return start + events.size();
        }
    }

    public Page search(AuditQuery query) {
        AuditRepository.Filter filter = filter(query);
        String sortKey = query.sortKey();
        boolean asc = query.ascending();
        int size = query.size();
        List<AuditReportRow> rows;
        Long next = null;
        Long previous = null;
        long start = query.start();
        if (query.keyset()) {
            boolean backwards = query.before() != null && query.after() == null;
            Long cursor = backwards ? query.before() : query.after();
            rows = new ArrayList<>(repository.keysetPage(filter, asc, cursor, backwards, size + 1));
            boolean more = rows.size() > size;
            if (more) rows.removeLast();
            if (backwards) {
                Collections.reverse(rows);
                start = Math.max(0, start);
                if (!rows.isEmpty()) next = rows.getLast().seq();
                if (more && !rows.isEmpty()) previous = rows.getFirst().seq();
            } else {
                if (more && !rows.isEmpty()) next = rows.getLast().seq();
                if (cursor != null && !rows.isEmpty()) previous = rows.getFirst().seq();
            }
        } else {
            rows = new ArrayList<>(repository.offsetPage(filter, AuditQuery.SORT_COLUMNS.get(sortKey), asc, start,
                    size + 1));
            if (rows.size() > size) {
                rows.removeLast();
                next = start + size;
            }
            if (start > 0) previous = Math.max(0, start - size);
        }
        long matching = repository.cappedCount(filter, COUNT_CAP + 1);
        gate.list(DataCategory.AUDIT_TRAIL, "AuditEvent", rows.stream().map(AuditReportRow::patientId).toList(),
                "audit report (" + query.describe(filter.patientId()) + ")");
        return new Page(query, rows, start, next, previous, query.keyset(), Math.min(matching, COUNT_CAP),
                matching > COUNT_CAP, filter.patientId(), size);
    }

    /**
     * Streams every matching event (in the query's sort order) to {@code sink}; the export is recorded first, so
     * that an export that cannot be audited does not happen.
     */
    public void export(AuditQuery query, Runnable begin, Consumer<AuditReportRow> sink) {
        AuditRepository.Filter filter = filter(query);
        String column = AuditQuery.SORT_COLUMNS.get(query.sortKey());
        boolean asc = query.ascending();
        audit.record(new AuditEntry(AuditAction.EXPORT, DataCategory.AUDIT_TRAIL, AuditOutcome.SUCCESS,
                filter.patientId(), "AuditEvent", null, null, "CSV export (" + query.describe(filter.patientId()) + ")"));
        begin.run();
        readOnly.executeWithoutResult(s -> repository.streamReport(filter, column, asc, sink));
    }

    public record AccessReport(long patientId, String mrn, List<AuditReportRow> events, List<AccessSummary> users, Long next,
                               long emergencyCount) {}

    /** Everyone who touched one patient's record, newest first; recorded as a view of that patient's audit trail. */
    public AccessReport accessReport(long patientId, Long before, Integer pageSize) {
        int size = new AuditQuery(null, null, null, null, null, null, null, null, null, null, null, pageSize, null,
                null, null).size();
        String mrn = repository.mrnOf(patientId).orElse(null);
        if (mrn == null) {
            audit.record(new AuditEntry(AuditAction.VIEW, DataCategory.AUDIT_TRAIL, AuditOutcome.NOT_FOUND, patientId,
                    "AccessReport", String.valueOf(patientId), null, "who accessed this record"));
            throw new NotFoundException("No patient with id " + patientId);
        }
        audit.record(new AuditEntry(AuditAction.VIEW, DataCategory.AUDIT_TRAIL, AuditOutcome.SUCCESS, patientId,
                "AccessReport", String.valueOf(patientId), null, "who accessed this record"));
        AuditRepository.Filter filter = new AuditRepository.Filter(null, null, null, patientId, null, null, null);
        List<AuditReportRow> rows = new ArrayList<>(repository.keysetPage(filter, false, before, false, size + 1));
        Long next = null;
        if (rows.size() > size) {
            rows.removeLast();
            next = rows.getLast().seq();
        }
        List<AccessSummary> users = repository.accessSummary(patientId);
        long emergencies = users.stream().mapToLong(AccessSummary::emergencyCount).sum();
        return new AccessReport(patientId, mrn, rows, users, next, emergencies);
    }

    public record ChainHead(long lastSeq, String lastHash) {}

    public ChainHead head() {
        AuditRepository.Head h = repository.head();
        return new ChainHead(h.lastSeq(), h.lastHash());
    }

    /** Runs a full verification and records it (SUCCESS when intact, FAILURE with the first problem otherwise). */
    public ChainVerifier.Result verify() {
        ChainVerifier.Result r = verifier.verify();
        audit.record(AuditEntry.of(AuditAction.VERIFY, DataCategory.AUDIT_TRAIL,
                        r.intact() ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE)
                .withDetail(r.firstProblem().map(p -> p.kind() + " at " + p.seq() + ": " + p.description())
                        .orElse("chain intact; " + r.eventsChecked() + " events checked")));
        return r;
    }

    private AuditRepository.Filter filter(AuditQuery q) {
        Long patientId = q.patientId();
        String mrn = AuditQuery.blank(q.mrn()) ? null : q.mrn().trim();
        if (!AuditQuery.blank(q.patient())) {
            String p = q.patient().trim();
            var byMrn = repository.patientIdByMrn(p);
            if (byMrn.isPresent()) {
                patientId = byMrn.get();
            } else if (p.chars().allMatch(Character::isDigit) && p.length() < 18) {
                patientId = Long.valueOf(p);
            } else {
                throw new InvalidRequestException("patient", "No patient with MRN '" + p + "'");
            }
        }
        if (mrn != null) {
            Long id = repository.patientIdByMrn(mrn)
                    .orElseThrow(() -> new InvalidRequestException("mrn", "No patient with MRN '" + mrn + "'"));
            if (patientId != null && !patientId.equals(id)) {
                throw new InvalidRequestException("mrn", "The MRN and the patient id name different patients");
            }
            patientId = id;
        }
        var from = q.fromTime();
        var to = q.toTime();
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidRequestException("to", "'to' must be after 'from'");
        }
        q.sortKey();
        q.ascending();
        q.size();
        return new AuditRepository.Filter(from, to, AuditQuery.blank(q.username()) ? null : q.username().trim(),
                patientId, q.actionName(), q.categoryName(), q.outcomeName());
    }
}

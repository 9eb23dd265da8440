package org.chartkeeper.audit;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chartkeeper.web.PatientData;
import org.chartkeeper.web.NoPatientData;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Audit reports and chain verification as JSON (and CSV). Filters travel in the POST body, never the URL. */
@RestController
class AuditApi {

    private final AuditReportService reports;

    AuditApi(AuditReportService reports) {
        this.reports = reports;
    }

    record SearchResult(List<AuditReportRow> events, Long next, Long previous, long start, long matching,
                        boolean moreThanCounted) {}

    @PatientData
    @PostMapping("/api/audit/events/search")
    SearchResult search(@RequestBody(required = false) AuditQuery query) {
        AuditReportService.Page p = reports.search(query == null ? AuditQuery.empty() : query);
        return new SearchResult(p.events(), p.next(), p.previous(), p.start(), p.matching(), p.moreThanCounted());
    }

    @PatientData
    @PostMapping("/api/audit/events/export")
    void export(@RequestBody(required = false) AuditQuery query, HttpServletResponse response) throws IOException {
        AuditCsv.write(reports, query == null ? AuditQuery.empty() : query, response);
    }

    @PatientData
    @GetMapping("/api/patients/{id}/access-report")
    AuditReportService.AccessReport accessReport(@PathVariable long id, @RequestParam(required = false) Long before,
                                                 @RequestParam(required = false) Integer pageSize) {
        return reports.accessReport(id, before, pageSize);
    }

    @NoPatientData
    @PostMapping("/api/audit/verify")
    Map<String, Object> verify() {
        ChainVerifier.Result r = reports.verify();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("intact", r.intact());
        body.put("status", r.intact() ? "INTACT" : "BROKEN");
        body.put("eventsChecked", r.eventsChecked());
        body.put("lastSeq", r.lastSeq());
        body.put("seconds", r.elapsed().toNanos() / 1e9);
        body.put("eventsPerSecond", Math.round(r.eventsPerSecond()));
        body.put("verifiedAt", Instant.now().toString());
        r.firstProblem().ifPresent(p -> body.put("problem",
                Map.of("seq", p.seq(), "kind", p.kind().name(), "description", p.description())));
        return body;
    }
}

package org.chartkeeper.completion;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Chart completion's JSON API under /api/completion: deficiencies (list and filter, by provider, one, waive), the
 * analysis and notices on demand, surgical cases, rules, notices and the delinquency report.
 */
@RestController
class DeficiencyApi {

    private final DeficiencyService deficiencies;
    private final NoticeService notices;
    private final DelinquencyService delinquency;

    DeficiencyApi(DeficiencyService deficiencies, NoticeService notices, DelinquencyService delinquency) {
        this.deficiencies = deficiencies;
        this.notices = notices;
        this.delinquency = delinquency;
    }

    record WaiveBody(Integer version, String reason) {}

    record RuleBody(Integer version, String description, String encounterClass, Integer windowMinutes,
                    Integer lookbackMinutes, String responsible, Boolean active, String source, List<String> documentTypes) {}

    @PatientData
    @GetMapping("/api/completion/deficiencies")
    List<Deficiency> list(@RequestParam(required = false) Long providerId, @RequestParam(required = false) String department,
                          @RequestParam(defaultValue = "open") String status, @RequestParam(required = false) String kind,
                          @RequestParam(required = false) String rule, @RequestParam(required = false) String age,
                          @RequestParam(required = false) Long patientId, @RequestParam(required = false) Long encounterId,
                          @RequestParam(defaultValue = "500") int limit) {
        return deficiencies.list(new DeficiencyFilter(providerId, blank(department), "any".equals(status) ? null : status,
                blank(kind), blank(rule), blank(age), patientId, encounterId, limit));
    }

    @PatientData
    @GetMapping("/api/completion/deficiencies/mine")
    List<Deficiency> mine() {
        return deficiencies.mine();
    }

    @PatientData
    @GetMapping("/api/completion/deficiencies/{deficiencyId}")
    Deficiency get(@PathVariable long deficiencyId) {
        return deficiencies.get(deficiencyId);
    }

    @PatientData
    @PostMapping("/api/completion/deficiencies/{deficiencyId}/waive")
    Deficiency waive(@PathVariable long deficiencyId, @RequestBody WaiveBody body) {
        if (body == null) throw new InvalidRequestException("body", "Send {\"version\": n, \"reason\": \"...\"}");
        return deficiencies.waive(deficiencyId, body.version(), body.reason());
    }

    /** Open deficiencies by responsible provider (or by department with by=department) and age past due. */
    @NoPatientData
    @GetMapping("/api/completion/summary")
    List<DeficiencySummary> summary(@RequestParam(defaultValue = "provider") String by) {
        if (!by.equals("provider") && !by.equals("department")) {
            throw new InvalidRequestException("by", "Group by 'provider' or 'department'");
        }
        return deficiencies.summary(by.equals("provider"));
    }

    @NoPatientData
    @PostMapping("/api/completion/analysis")
    DeficiencyPassResult analyze() {
        return deficiencies.analyze();
    }

    @NoPatientData
    @PostMapping("/api/completion/notices/run")
    Map<String, Integer> runNotices() {
        return Map.of("notices", notices.runNow());
    }

    @PatientData
    @PostMapping("/api/completion/surgical-cases")
    ResponseEntity<SurgicalCase> surgicalCase(@RequestBody DeficiencyService.NewSurgicalCase body) {
        if (body == null) throw new InvalidRequestException("body", "Send the surgical case as JSON");
        SurgicalCase c = deficiencies.recordSurgicalCase(body);
        return ResponseEntity.created(URI.create("/api/completion/surgical-cases/" + c.id())).body(c);
    }

    @NoPatientData
    @GetMapping("/api/completion/rules")
    List<DeficiencyRule> rules() {
        return deficiencies.rules();
    }

    @NoPatientData
    @PutMapping("/api/completion/rules/{code}")
    DeficiencyRule updateRule(@PathVariable String code, @RequestBody RuleBody b) {
        if (b == null) throw new InvalidRequestException("body", "Send the rule as JSON");
        DeficiencyRule old = deficiencies.rule(code);
        return deficiencies.updateRule(new DeficiencyRule(code, b.description() == null ? old.description() : b.description(),
                old.checkType(), b.encounterClass() == null ? old.encounterClass() : b.encounterClass(), old.anchor(),
                b.windowMinutes() == null ? old.windowMinutes() : b.windowMinutes(),
                b.lookbackMinutes() == null ? old.lookbackMinutes() : b.lookbackMinutes(),
                b.responsible(), b.active() == null ? old.active() : b.active(), b.source(), old.sortOrder(),
                b.documentTypes(), 0), b.version());
    }

    @NoPatientData
    @GetMapping("/api/completion/notices")
    List<Notice> notices(@RequestParam(required = false) Long providerId, @RequestParam(required = false) String stage,
                         @RequestParam(defaultValue = "200") int limit) {
        return notices.recent(providerId, stage, limit);
    }

    @NoPatientData
    @GetMapping("/api/completion/notices/mine")
    List<Notice> myNotices() {
        return notices.inbox();
    }

    @NoPatientData
    @GetMapping("/api/completion/suspensions")
    List<NoticeSuspension> suspensions() {
        return notices.suspensions();
    }

    @PatientData
    @GetMapping("/api/completion/delinquency")
    DelinquencyReport delinquency(@RequestParam(defaultValue = "12") int months) {
        return delinquency.report(months);
    }

    @PatientData
    @GetMapping("/api/completion/delinquency.csv")
    ResponseEntity<String> delinquencyCsv(@RequestParam(defaultValue = "12") int months) {
        String csv = delinquency.csv(delinquency.report(months));
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"delinquency.csv\"")
                .contentType(new MediaType("text", "csv")).body(csv);
    }

    static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

}

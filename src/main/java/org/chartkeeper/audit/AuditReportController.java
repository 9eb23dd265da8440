package org.chartkeeper.audit;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Audit report pages. Filters are POSTed (never in the URL, since they may name a patient); htmx swaps the results
 * table, and a plain form post renders the whole page.
 */
@Controller
class AuditReportController {

    private final AuditReportService reports;

    AuditReportController(AuditReportService reports) {
        this.reports = reports;
    }

    @PatientData
    @GetMapping("/audit/events")
    String events(Model model) {
        return show(AuditQuery.empty(), null, model, null);
    }

    @PatientData
    @PostMapping("/audit/events")
    String search(@ModelAttribute AuditQuery query, @RequestHeader(value = "HX-Request", required = false) String htmx,
                  Model model, HttpServletResponse response) {
        return show(query, htmx, model, response);
    }

    private String show(AuditQuery query, String htmx, Model model, HttpServletResponse response) {
        model.addAttribute("q", query);
        model.addAttribute("actions", AuditAction.values());
        model.addAttribute("categories", DataCategory.values());
        model.addAttribute("outcomes", AuditOutcome.values());
        model.addAttribute("pageSizes", AuditQuery.PAGE_SIZES);
        try {
            model.addAttribute("page", reports.search(query));
        } catch (InvalidRequestException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("errorField", e.field());
            if (response != null) response.setStatus(HttpStatus.BAD_REQUEST.value());
        }
        return htmx != null ? "audit/events :: results" : "audit/events";
    }

    @PatientData
    @PostMapping("/audit/events/export")
    void export(@ModelAttribute AuditQuery query, HttpServletResponse response) throws IOException {
        AuditCsv.write(reports, query, response);
    }

    @PatientData
    @GetMapping("/patients/{id}/access-report")
    String accessReport(@PathVariable long id, @RequestParam(required = false) Long before,
                        @RequestParam(required = false) Integer pageSize, Model model) {
        model.addAttribute("report", reports.accessReport(id, before, pageSize));
        return "audit/access-report";
    }

    @NoPatientData
    @GetMapping("/audit/verify")
    String verifyPage(Model model) {
        model.addAttribute("head", reports.head());
        return "audit/verify";
    }

    @NoPatientData
    @PostMapping("/audit/verify")
    String verify(Model model) {
        model.addAttribute("head", reports.head()); // the head that was verified, before this check's own event
        model.addAttribute("result", reports.verify());
        return "audit/verify";
    }
}

package org.chartkeeper.disclosure;

import org.chartkeeper.web.NoPatientData;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The release-of-information report as JSON (aggregates only; no patient). */
@RestController
class RoiReportApi {

    private final RoiReportService reports;

    RoiReportApi(RoiReportService reports) {
        this.reports = reports;
    }

    @NoPatientData
    @GetMapping("/api/roi/reports")
    RoiReport report(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        return reports.report(from, to);
    }
}

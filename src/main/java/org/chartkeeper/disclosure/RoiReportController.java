package org.chartkeeper.disclosure;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.web.NoPatientData;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/** The release-of-information report page (Chart.js) and its CSV. Aggregates only. */
@Controller
class RoiReportController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RoiReportService reports;

    RoiReportController(RoiReportService reports) {
        this.reports = reports;
    }

    @NoPatientData
    @GetMapping("/roi/reports")
    String report(@RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model,
                  HttpServletResponse response) {
        RoiReport r;
        try {
            r = reports.report(from, to);
        } catch (InvalidRequestException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("errors", java.util.Map.of(e.field(), e.getMessage()));
            r = reports.report(null, null);
        }
        model.addAttribute("r", r);
        // "</" could close the script element the JSON is embedded in
        model.addAttribute("chartData", JSON.writeValueAsString(r).replace("</", "<\\/"));
        return "disclosure/reports";
    }

    @NoPatientData
    @GetMapping("/roi/reports.csv")
    void csv(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
             HttpServletResponse response) {
        RoiReport r = reports.report(from, to);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"roi-report-" + r.from() + "-" + r.to() + ".csv\"");
        try (CSVPrinter out = new CSVPrinter(response.getWriter(), CSVFormat.DEFAULT)) {
            for (List<String> row : RoiReportService.csv(r)) out.printRecord(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

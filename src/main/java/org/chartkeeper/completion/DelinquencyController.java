package org.chartkeeper.completion;

import java.util.stream.Collectors;
import org.chartkeeper.web.PatientData;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The delinquency report page (with its trend chart) and its CSV. */
@Controller
class DelinquencyController {

    private final DelinquencyService delinquency;

    DelinquencyController(DelinquencyService delinquency) {
        this.delinquency = delinquency;
    }

    @PatientData
    @GetMapping("/completion/delinquency")
    String report(@RequestParam(defaultValue = "12") int months, Model model) {
        DelinquencyReport r = delinquency.report(months);
        model.addAttribute("r", r);
        model.addAttribute("months", months);
        // the chart reads its series from data attributes (the CSP allows no inline script)
        model.addAttribute("trendLabels", r.trend().stream().map(m -> m.month().toString().substring(0, 7)).collect(Collectors.joining(",")));
        model.addAttribute("trendRates", r.trend().stream().map(m -> String.valueOf(m.ratePercent())).collect(Collectors.joining(",")));
        model.addAttribute("trendCounts", r.trend().stream().map(m -> String.valueOf(m.delinquent())).collect(Collectors.joining(",")));
        return "completion/delinquency";
    }

    @PatientData
    @GetMapping("/completion/delinquency.csv")
    ResponseEntity<String> csv(@RequestParam(defaultValue = "12") int months) {
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"delinquency.csv\"")
                .contentType(new MediaType("text", "csv")).body(delinquency.csv(delinquency.report(months)));
    }
}

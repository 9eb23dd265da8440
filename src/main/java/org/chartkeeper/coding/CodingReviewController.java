package org.chartkeeper.coding;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Coding quality pages: the reviewer's queue, a review (blind until submitted), the accuracy report, and the reports
 * of CAC acceptance and productivity.
 */
@Controller
class CodingReviewController {

    private final CodingReviewService reviews;
    private final CodingWorkspaceService workspace;
    private final CodingProductivityService productivity;

    CodingReviewController(CodingReviewService reviews, CodingWorkspaceService workspace,
                           CodingProductivityService productivity) {
        this.reviews = reviews;
        this.workspace = workspace;
        this.productivity = productivity;
    }

    @PatientData
    @GetMapping("/coding/reviews")
    String list(Model model) {
        model.addAttribute("reviews", reviews.open());
        return "coding/reviews";
    }

    @PatientData
    @GetMapping("/coding/reviews/{reviewId}")
    String review(@PathVariable long reviewId, Model model) {
        model.addAttribute("review", reviews.get(reviewId));
        model.addAttribute("errors", Map.of());
        return "coding/review";
    }

    @PatientData
    @PostMapping("/coding/reviews/{reviewId}")
    String submit(@PathVariable long reviewId, @RequestParam(defaultValue = "") String diagnoses,
                  @RequestParam(defaultValue = "") String procedures, @RequestParam int version, Model model,
                  HttpServletResponse response, RedirectAttributes redirect) {
        try {
            reviews.submit(reviewId, new CodingChange(EncounterCodingController.parseDiagnoses(diagnoses),
                    EncounterCodingController.parseProcedures(procedures), null, null, version));
            redirect.addFlashAttribute("flash", "Review submitted; the coder's codes are shown beside yours.");
            return "redirect:/coding/reviews/" + reviewId;
        } catch (InvalidRequestException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("review", reviews.get(reviewId));
            model.addAttribute("error", "Not submitted: " + e.getMessage());
            model.addAttribute("errors", Map.of(e.field(), e.getMessage()));
            model.addAttribute("diagnosesText", diagnoses);
            model.addAttribute("proceduresText", procedures);
            return "coding/review";
        }
    }

    @PatientData
    @GetMapping("/coding/reports/accuracy")
    String accuracy(@RequestParam(defaultValue = "12") String months, Model model) {
        model.addAttribute("report", reviews.accuracy(months(months)));
        return "coding/accuracy";
    }

    @NoPatientData
    @PostMapping("/coding/review-rates")
    String rate(@RequestParam String coder, @RequestParam(required = false) String percent, RedirectAttributes redirect) {
        try {
            Double p = percent == null || percent.isBlank() ? null : Double.valueOf(percent.strip());
            reviews.setSamplingPercent(coder, p);
            redirect.addFlashAttribute("flash", "Sampling rate of " + coder + ": " + reviews.samplingPercent(coder) + " %.");
        } catch (NumberFormatException e) {
            redirect.addFlashAttribute("error", "Not changed: the percent is a number");
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute("error", "Not changed: " + e.getMessage());
        }
        return "redirect:/coding/reports/accuracy";
    }

    @NoPatientData
    @GetMapping("/coding/reports/suggestions")
    String acceptance(@RequestParam(defaultValue = "12") String months, Model model) {
        model.addAttribute("report", workspace.acceptance(months(months)));
        return "coding/acceptance";
    }

    @NoPatientData
    @GetMapping("/coding/reports/productivity")
    String productivity(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                        @RequestParam(defaultValue = "day") String per, Model model) {
        model.addAttribute("report", productivity.report(Dates.parse("from", from), Dates.parse("to", to), per));
        return "coding/productivity";
    }

    private static int months(String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("months", "A whole number of months");
        }
    }
}

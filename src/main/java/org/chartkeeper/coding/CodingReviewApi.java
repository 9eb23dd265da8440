package org.chartkeeper.coding;

import java.util.List;
import java.util.Map;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Coding quality review, CAC acceptance and productivity over JSON. A review read before it is submitted has no
 * {@code original} codes (blind); submitting answers with both sides and the accuracy.
 */
@RestController
@RequestMapping("/api/coding")
class CodingReviewApi {

    private final CodingReviewService reviews;
    private final CodingWorkspaceService workspace;
    private final CodingProductivityService productivity;

    CodingReviewApi(CodingReviewService reviews, CodingWorkspaceService workspace, CodingProductivityService productivity) {
        this.reviews = reviews;
        this.workspace = workspace;
        this.productivity = productivity;
    }

    record Rate(Double percent) {}

    @PatientData
    @GetMapping("/reviews")
    List<CodingReview> open() {
        return reviews.open();
    }

    @PatientData
    @GetMapping("/reviews/{reviewId}")
    CodingReview review(@PathVariable long reviewId) {
        return reviews.get(reviewId);
    }

    @PatientData
    @PutMapping("/reviews/{reviewId}")
    CodingReview submit(@PathVariable long reviewId, @RequestBody CodingChange body) {
        return reviews.submit(reviewId, body);
    }

    @PatientData
    @GetMapping("/accuracy")
    CodingReviewService.AccuracyReport accuracy(@RequestParam(defaultValue = "12") int months) {
        return reviews.accuracy(months);
    }

    @NoPatientData
    @GetMapping("/review-rates/{coder}")
    Map<String, Object> rate(@PathVariable String coder) {
        return Map.of("coder", coder, "percent", reviews.samplingPercent(coder));
    }

    @NoPatientData
    @PutMapping("/review-rates/{coder}")
    Map<String, Object> setRate(@PathVariable String coder, @RequestBody Rate body) {
        reviews.setSamplingPercent(coder, body.percent());
        return Map.of("coder", coder, "percent", reviews.samplingPercent(coder));
    }

    @NoPatientData
    @GetMapping("/suggestions/acceptance")
    CodingWorkspaceService.AcceptanceReport acceptance(@RequestParam(defaultValue = "12") int months) {
        return workspace.acceptance(months);
    }

    @NoPatientData
    @GetMapping("/productivity")
    CodingProductivityService.Report productivity(@RequestParam(required = false) String from,
                                                  @RequestParam(required = false) String to,
                                                  @RequestParam(defaultValue = "day") String per) {
        return productivity.report(Dates.parse("from", from), Dates.parse("to", to), per);
    }
}

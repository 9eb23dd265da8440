package org.chartkeeper.patient;

import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Merge, unmerge and duplicate decisions over JSON (needs {@code patient.merge}); a patient's merge history; the
 * index's key figures. Errors are problem details naming the field.
 */
@RestController
class MergeApi {

    private final PatientMergeService merges;
    private final DuplicateReviewService reviews;
    private final MpiKpiService kpis;

    MergeApi(PatientMergeService merges, DuplicateReviewService reviews, MpiKpiService kpis) {
        this.merges = merges;
        this.reviews = reviews;
        this.kpis = kpis;
    }

    record MergeRequest(Long survivorId, Long retiredId, String reason, Boolean override) {}

    record UnmergeRequest(String reason) {}

    record DecisionRequest(String decision, Integer version, Long survivorId, String reason, Boolean override) {}

    @PatientData
    @PostMapping("/api/mpi/merge")
    @ResponseStatus(HttpStatus.CREATED)
    PatientMergeService.MergeRecord merge(@RequestBody MergeRequest request) {
        if (request.survivorId() == null) throw new InvalidRequestException("survivorId", "survivorId is required");
        if (request.retiredId() == null) throw new InvalidRequestException("retiredId", "retiredId is required");
        return merges.merge(request.survivorId(), request.retiredId(), request.reason(),
                Boolean.TRUE.equals(request.override()));
    }

    @PatientData
    @PostMapping("/api/mpi/merges/{mergeId}/unmerge")
    PatientMergeService.MergeRecord unmerge(@PathVariable long mergeId, @RequestBody(required = false) UnmergeRequest request) {
        return merges.unmerge(mergeId, request == null ? null : request.reason());
    }

    @PatientData
    @PostMapping("/api/mpi/duplicates/{candidateId}/decision")
    DuplicateReviewService.DecisionResult decide(@PathVariable long candidateId, @RequestBody DecisionRequest request) {
        return reviews.decide(candidateId, request.version(), request.decision(), request.survivorId(), request.reason(),
                Boolean.TRUE.equals(request.override()));
    }

    @PatientData
    @GetMapping("/api/patients/{id}/merges")
    PatientMergeService.MergeHistory history(@PathVariable long id) {
        return merges.history(id);
    }

    @NoPatientData
    @GetMapping("/api/mpi/kpi")
    MpiKpiService.Kpi kpi() {
        return kpis.kpi();
    }
}

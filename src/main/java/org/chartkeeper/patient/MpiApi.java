package org.chartkeeper.patient;

import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The master patient index's batch interfaces: start a duplicate scan, follow its job, list candidate pairs.
 * Patients appear by their FHIR logical id (the patient id as text).
 */
@RestController
@RequestMapping("/api/mpi")
class MpiApi {

    private final DuplicateService duplicates;

    MpiApi(DuplicateService duplicates) {
        this.duplicates = duplicates;
    }

    /** 202 with the job (a new one, or the scan already running). */
    @NoPatientData
    @PostMapping("/duplicate-scan")
    ResponseEntity<DuplicateService.Job> scan() {
        DuplicateService.Job job = duplicates.startScan();
        return ResponseEntity.status(HttpStatus.ACCEPTED).header("Location", "/api/mpi/jobs/" + job.id()).body(job);
    }

    @NoPatientData
    @GetMapping("/jobs/{jobId}")
    DuplicateService.Job job(@PathVariable long jobId) {
        return duplicates.job(jobId);
    }

    /** Candidate pairs, best first; {@code minScore} 0..1 (default 0), {@code status}, {@code page} from 0, {@code size}. */
    @PatientData
    @GetMapping("/duplicates")
    DuplicateService.Page list(@RequestParam(required = false) String minScore,
                               @RequestParam(required = false) String status,
                               @RequestParam(defaultValue = "0") String page,
                               @RequestParam(defaultValue = "50") String size) {
        return duplicates.duplicates(number("minScore", minScore == null ? "0" : minScore), status,
                (int) number("page", page), (int) number("size", size));
    }

    private static double number(String field, String value) {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(field, field + " must be a number");
        }
    }
}

package org.chartkeeper.disclosure;

import java.net.URI;
import org.chartkeeper.web.PatientData;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The accounting of disclosures as JSON: a patient's accounting, disclosures entered by hand, agency suspensions. */
@RestController
class DisclosureApi {

    private final DisclosureService roi;

    DisclosureApi(DisclosureService roi) {
        this.roi = roi;
    }

    @PatientData
    @GetMapping("/api/disclosures/patients/{patientId}/accounting")
    DisclosureAccounting accounting(@PathVariable long patientId, @RequestParam(required = false) String from) {
        return roi.accounting(patientId, from);
    }

    @PatientData
    @PostMapping("/api/disclosures/patients/{patientId}")
    ResponseEntity<Disclosure> record(@PathVariable long patientId, @RequestBody NewDisclosure body) {
        Disclosure d = roi.recordDisclosure(patientId, body);
        return ResponseEntity.created(URI.create("/api/disclosures/patients/" + patientId + "/accounting")).body(d);
    }

    @PatientData
    @PostMapping("/api/disclosures/patients/{patientId}/suspensions")
    ResponseEntity<Suspension> suspend(@PathVariable long patientId, @RequestBody NewSuspension body) {
        Suspension s = roi.suspend(patientId, body);
        return ResponseEntity.created(URI.create("/api/disclosures/patients/" + patientId + "/accounting")).body(s);
    }
}

package org.chartkeeper.disclosure;

import java.net.URI;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.web.PatientData;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Patients' consents as JSON: record, list, read, revoke. */
@RestController
class ConsentApi {

    private final ConsentService consents;

    ConsentApi(ConsentService consents) {
        this.consents = consents;
    }

    record RevokeBody(Integer version, String revokedOn) {}

    @PatientData
    @GetMapping("/api/roi/patients/{patientId}/consents")
    List<Consent> ofPatient(@PathVariable long patientId) {
        return consents.ofPatient(patientId);
    }

    @PatientData
    @PostMapping("/api/roi/patients/{patientId}/consents")
    ResponseEntity<Consent> create(@PathVariable long patientId, @RequestBody NewConsent body) {
        Consent c = consents.create(patientId, body);
        return ResponseEntity.created(URI.create("/api/roi/consents/" + c.id())).body(c);
    }

    @PatientData
    @GetMapping("/api/roi/consents/{consentId}")
    Consent get(@PathVariable long consentId) {
        return consents.get(consentId);
    }

    @PatientData
    @PostMapping("/api/roi/consents/{consentId}/revoke")
    Consent revoke(@PathVariable long consentId, @RequestBody RevokeBody body) {
        if (body == null) throw new InvalidRequestException("version", "Send the version you read");
        return consents.revoke(consentId, RoiApi.version(body.version()), body.revokedOn());
    }
}

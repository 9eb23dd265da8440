package org.chartkeeper.patient;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.encounter.Encounter;
import org.chartkeeper.encounter.EncounterService;
import org.chartkeeper.web.PatientData;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The patient index over JSON. Searches are POSTed (criteria in the body, never the URL); errors are problem details. */
@RestController
@RequestMapping("/api/patients")
class PatientApi {

    private final PatientService patients;
    private final EncounterService encounters;

    PatientApi(PatientService patients, EncounterService encounters) {
        this.patients = patients;
        this.encounters = encounters;
    }

    /** Dates arrive as text so that a malformed one is answered naming its field. */
    record SearchRequest(String name, String birthDate, String mrn) {}

    record SearchResponse(List<PatientSummary> results, int count) {}

    record PatientSummary(long id, String mrn, String facilityCode, String familyName, String givenName,
                          String middleName, LocalDate birthDate, String sex, String city, String state,
                          boolean restricted) {
        static PatientSummary of(Patient p) {
            return new PatientSummary(p.id(), p.mrn(), p.facilityCode(), p.familyName(), p.givenName(), p.middleName(),
                    p.birthDate(), p.sex(), p.city(), p.state(), p.restricted());
        }
    }

    /** A patient as the API shows it: the SSN only masked. An update's answer leaves out the identifiers. */
    record PatientView(long id, String mrn, String facilityCode, String familyName, String givenName,
                       String middleName, LocalDate birthDate, String sex, String addressLine, String city,
                       String state, String postalCode, String phone, String email, String ssnMasked,
                       boolean restricted, Instant createdAt, Instant updatedAt, int version,
                       @JsonInclude(JsonInclude.Include.NON_NULL) List<PatientIdentifier> identifiers,
                       boolean emergencyAccess) {
        static PatientView of(Patient p, List<PatientIdentifier> identifiers, boolean emergency) {
            return new PatientView(p.id(), p.mrn(), p.facilityCode(), p.familyName(), p.givenName(), p.middleName(),
                    p.birthDate(), p.sex(), p.addressLine(), p.city(), p.state(), p.postalCode(), p.phone(), p.email(),
                    p.maskedSsn(), p.restricted(), p.createdAt(), p.updatedAt(), p.version(), identifiers, emergency);
        }
    }

    record ContactRequest(Integer version, String addressLine, String city, String state, String postalCode,
                          String phone, String email) {}

    @PatientData
    @PostMapping("/search")
    SearchResponse search(@RequestBody SearchRequest request) {
        List<PatientSummary> results = patients.search(PatientSearch.of(request.name(), request.birthDate(),
                request.mrn())).stream().map(PatientSummary::of).toList();
        return new SearchResponse(results, results.size());
    }

    @PatientData
    @GetMapping("/{id}")
    ResponseEntity<PatientView> get(@PathVariable long id) {
        PatientChart chart = patients.chart(id);
        return withETag(PatientView.of(chart.patient(), chart.identifiers(), chart.emergencyAccess()));
    }

    @PatientData
    @GetMapping("/{id}/encounters")
    List<Encounter> encounters(@PathVariable long id) {
        return encounters.forPatient(id);
    }

    @PatientData
    @PutMapping("/{id}/contact")
    ResponseEntity<PatientView> updateContact(@PathVariable long id, @RequestBody ContactRequest request) {
        if (request.version() == null) {
            throw new InvalidRequestException("version", "version is required: send the version you read");
        }
        Patient updated = patients.updateContact(id, request.version(), new PatientService.ContactChange(
                request.addressLine(), request.city(), request.state(), request.postalCode(), request.phone(),
                request.email()));
        return withETag(PatientView.of(updated, null, false));
    }

    private static ResponseEntity<PatientView> withETag(PatientView view) {
        return ResponseEntity.ok().eTag("\"" + view.version() + "\"").body(view);
    }
}

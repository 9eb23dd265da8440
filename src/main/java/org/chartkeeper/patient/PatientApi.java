package org.chartkeeper.patient;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.encounter.Encounter;
import org.chartkeeper.encounter.EncounterService;
import org.chartkeeper.web.PatientData;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
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
    record SearchRequest(String name, String birthDate, String mrn, String identifier, String phone, String address) {}

    /** A registration as JSON: demographics, USCDI details, identifiers; dates as text so a bad one is named. */
    record RegisterRequest(String facilityCode, String familyName, String givenName, String middleName,
                           String birthDate, String sex, String addressLine, String city, String state,
                           String postalCode, String phone, String email, String ssn, String language,
                           List<String> race, String ethnicity, List<IdentifierRequest> identifiers,
                           Boolean confirmNewPatient) {
        Demographics demographics() {
            List<Demographics.Identifier> ids = identifiers == null ? List.of() : identifiers.stream()
                    .map(i -> i == null ? new Demographics.Identifier(null, null, null)
                            : new Demographics.Identifier(i.system(), i.value(), i.typeCode())).toList();
            return new Demographics(familyName, givenName, middleName, RegistrationRules.parseDate("birthDate", birthDate),
                    sex, addressLine, city, state, postalCode, phone, email, ssn, ids);
        }

        RegistrationDetails details() {
            return new RegistrationDetails(facilityCode, language, race == null ? null : String.join(",", race),
                    ethnicity, "the JSON API");
        }
    }

    record IdentifierRequest(String system, String value, String typeCode) {}

    /** An existing patient who may be the one being registered, with the matcher's score, grade and reasons. */
    record Candidate(long id, String mrn, String familyName, String givenName, String middleName, LocalDate birthDate,
                     String sex, String city, String state, double score, String grade, List<String> explanation) {
        static Candidate of(LikelyMatch m) {
            Patient p = m.record().patient();
            return new Candidate(p.id(), p.mrn(), p.familyName(), p.givenName(), p.middleName(), p.birthDate(), p.sex(),
                    p.city(), p.state(), m.match().score(), m.match().grade().code(), m.match().explanation());
        }
    }

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
                       boolean emergencyAccess, String language, List<String> race, String ethnicity, String status,
                       Long mergedInto) {
        static PatientView of(Patient p, List<PatientIdentifier> identifiers, boolean emergency) {
            return new PatientView(p.id(), p.mrn(), p.facilityCode(), p.familyName(), p.givenName(), p.middleName(),
                    p.birthDate(), p.sex(), p.addressLine(), p.city(), p.state(), p.postalCode(), p.phone(), p.email(),
                    p.maskedSsn(), p.restricted(), p.createdAt(), p.updatedAt(), p.version(), identifiers, emergency,
                    p.language(), p.race() == null ? List.of() : List.of(p.race().split(",")), p.ethnicity(), p.status(),
                    p.mergedInto());
        }
    }

    record ContactRequest(Integer version, String addressLine, String city, String state, String postalCode,
                          String phone, String email) {}

    @PatientData
    @PostMapping("/search")
    SearchResponse search(@RequestBody SearchRequest request) {
        List<PatientSummary> results = patients.search(PatientSearch.of(request.name(), request.birthDate(),
                request.mrn(), request.identifier(), request.phone(), request.address())).stream().map(PatientSummary::of).toList();
        return new SearchResponse(results, results.size());
    }

    /**
     * Registers a patient unless existing patients may be this person: then answers 409 with those candidates (score,
     * grade, reasons) and registers nothing; send {@code confirmNewPatient: true} to register anyway.
     */
    @PatientData
    @PostMapping
    ResponseEntity<?> register(@RequestBody RegisterRequest request) {
        PatientService.RegistrationOutcome outcome = patients.registerUnlessKnown(request.demographics(),
                request.details(), Boolean.TRUE.equals(request.confirmNewPatient()));
        if (!outcome.created()) {
            ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, outcome.likelyMatches().size()
                    + " existing patient(s) may be this person. Use one of them, or send confirmNewPatient: true to"
                    + " register a new patient anyway.");
            p.setTitle("Possible existing patient");
            p.setInstance(URI.create("/api/patients"));
            p.setProperty("candidates", outcome.likelyMatches().stream().map(Candidate::of).toList());
            return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
        }
        Patient created = outcome.registered();
        PatientView view = PatientView.of(created, patients.identifiersOfRegistered(List.of(created))
                .getOrDefault(created.id(), List.of()), false);
        return ResponseEntity.created(URI.create("/api/patients/" + created.id())).eTag("\"" + created.version() + "\"")
                .body(view);
    }

    @PatientData
    @GetMapping("/{id}/history")
    List<PatientHistoryEntry> history(@PathVariable long id) {
        return patients.history(id);
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

    record CorrectionRequest(Integer version, String familyName, String givenName, String middleName,
                             String birthDate, String sex, String reason) {}

    /** Corrects names, date of birth or sex (with a reason); a change that looks like another person is flagged. */
    @PatientData
    @PutMapping("/{id}/demographics")
    ResponseEntity<PatientView> correctDemographics(@PathVariable long id, @RequestBody CorrectionRequest request) {
        if (request.version() == null) {
            throw new InvalidRequestException("version", "version is required: send the version you read");
        }
        Patient updated = patients.correctDemographics(id, request.version(), new PatientService.DemographicCorrection(
                request.familyName(), request.givenName(), request.middleName(),
                RegistrationRules.parseDate("birthDate", request.birthDate()), request.sex(),
                request.reason()));
        return withETag(PatientView.of(updated, null, false));
    }

    private static ResponseEntity<PatientView> withETag(PatientView view) {
        return ResponseEntity.ok().eTag("\"" + view.version() + "\"").body(view);
    }
}

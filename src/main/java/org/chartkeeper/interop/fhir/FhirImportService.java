package org.chartkeeper.interop.fhir;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.binary.Base32;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.encounter.EncounterService;
import org.chartkeeper.encounter.ProviderService;
import org.chartkeeper.encounter.Visit;
import org.chartkeeper.patient.InvalidRegistrationException;
import org.chartkeeper.patient.NewPatient;
import org.chartkeeper.patient.PatientService;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A transaction Bundle of clinical data (a Synthea patient, another system's record): the resource types this system
 * keeps are stored in one database transaction (Patient through registration, Encounter through the encounter
 * service, Practitioner through the provider directory), references between entries resolved by fullUrl; every other
 * entry is answered with an OperationOutcome saying it was not stored. A refused entry refuses the whole Bundle.
 */
@Service
public class FhirImportService {

    /** What this system keeps; the rest is reported, not stored. */
    static final List<String> KEPT = List.of("Patient", "Encounter", "Practitioner");

    private final PatientService patients;
    private final EncounterService encounters;
    private final ProviderService providers;

    public FhirImportService(PatientService patients, EncounterService encounters, ProviderService providers) {
        this.patients = patients;
        this.encounters = encounters;
        this.providers = providers;
    }

    @Transactional
    public Bundle importTransaction(Bundle bundle) {
        List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
        Bundle.BundleEntryComponent[] answers = new Bundle.BundleEntryComponent[entries.size()];
        Map<String, Long> patientOf = new HashMap<>();
        // practitioners first: encounters name them
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).getResource() instanceof Practitioner p) {
                String at = "Bundle.entry[" + i + "].resource";
                String npi = p.getIdentifier().stream()
                        .filter(x -> FhirResourceMapping.NPI_SYSTEM.equals(x.getSystem())).map(Identifier::getValue)
                        .findFirst().orElseThrow(() -> new InvalidRequestException(at + ".identifier",
                                "A Practitioner is kept by NPI (" + FhirResourceMapping.NPI_SYSTEM + ")"));
                String name = p.getNameFirstRep().getNameAsSingleString();
                long id = at(at, () -> providers.ensure(npi, name).id());
                answers[i] = created("Practitioner/" + id);
            }
        }
        List<Integer> patientEntries = new ArrayList<>();
        List<NewPatient> batch = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).getResource() instanceof Patient p) {
                String at = "Bundle.entry[" + i + "].resource";
                fromFeed(p);
                batch.add(at(at, () -> new NewPatient(FhirPatientMapping.demographics(p),
                        FhirPatientMapping.details(p, "FHIR import"))));
                patientEntries.add(i);
            }
        }
        if (!batch.isEmpty()) {
            List<org.chartkeeper.patient.Patient> registered;
            try {
                registered = patients.registerAll(batch);
            } catch (InvalidRegistrationException bad) {
                int i = patientEntries.get(bad.index());
                throw new InvalidRequestException("Bundle.entry[" + i + "].resource"
                        + FhirPatientMapping.path(bad.field()).substring("Patient".length()), bad.getMessage());
            }
            for (int k = 0; k < registered.size(); k++) {
                int i = patientEntries.get(k);
                long id = registered.get(k).id();
                String fullUrl = entries.get(i).getFullUrl();
                if (fullUrl != null) patientOf.put(fullUrl, id);
                answers[i] = created("Patient/" + id);
            }
        }
        // encounters, patient by patient, each patient's visits in one batch
        Map<Long, List<Integer>> visitsOf = new java.util.LinkedHashMap<>();
        Map<Integer, Visit> visits = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).getResource() instanceof Encounter e) {
                String at = "Bundle.entry[" + i + "].resource";
                long patientId = patient(e.getSubject(), patientOf, at + ".subject");
                visits.put(i, visit(e, entries.get(i).getFullUrl(), at));
                visitsOf.computeIfAbsent(patientId, k -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<Long, List<Integer>> p : visitsOf.entrySet()) {
            List<Integer> at = p.getValue();
            List<Long> ids = at("Bundle.entry[" + at.getFirst() + "].resource", () -> encounters.importVisits(p.getKey(),
                    at.stream().map(visits::get).toList()));
            for (int k = 0; k < at.size(); k++) answers[at.get(k)] = created("Encounter/" + ids.get(k));
        }
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        for (int i = 0; i < entries.size(); i++) {
            Bundle.BundleEntryComponent answer = answers[i];
            if (answer == null) answer = notKept(entries.get(i).getResource());
            response.addEntry(answer);
        }
        return response;
    }

    /** Feed values registration would refuse: state names, test SSNs (Synthea's 999- numbers) are dropped. */
    private static void fromFeed(Patient p) {
        for (Address a : p.getAddress()) {
            if (a.hasState()) a.setState(UsStates.code(a.getState()));
        }
        p.getIdentifier().removeIf(id -> FhirPatientMapping.SSN_SYSTEM.equals(id.getSystem()) && id.hasValue()
                && id.getValue().replace("-", "").startsWith("9"));
    }

    private static long patient(Reference subject, Map<String, Long> patientOf, String at) {
        String ref = subject == null ? null : subject.getReference();
        if (ref == null) throw new InvalidRequestException(at, "An Encounter needs its subject (the Patient)");
        Long id = patientOf.get(ref);
        if (id != null) return id;
        if (ref.matches("Patient/\\d{1,18}")) return Long.parseLong(ref.substring("Patient/".length()));
        throw new InvalidRequestException(at, "The subject " + ref + " is neither a Patient of this Bundle nor Patient/{id}");
    }

    private static Visit visit(Encounter e, String fullUrl, String at) {
        String code = e.getClass_().getCode();
        String cls = FhirResourceMapping.encounterClass(code);
        if (cls == null) cls = "OUTPATIENT"; // wellness, home health, virtual: outpatient visits here
        Instant admit = e.getPeriod().hasStart() ? e.getPeriod().getStart().toInstant() : null;
        if (admit == null) throw new InvalidRequestException(at + ".period.start", "An Encounter needs its start");
        Instant discharge = e.getPeriod().hasEnd() ? e.getPeriod().getEnd().toInstant() : null;
        String npi = null;
        String name = null;
        for (var p : e.getParticipant()) {
            String ref = p.getIndividual().getReference();
            if (ref != null && ref.contains("us-npi|")) {
                npi = ref.substring(ref.indexOf("us-npi|") + "us-npi|".length());
                name = p.getIndividual().getDisplay();
                break;
            }
        }
        String disposition = e.getHospitalization().getDischargeDisposition().getText();
        if (disposition == null && e.getHospitalization().getDischargeDisposition().hasCoding()) {
            disposition = e.getHospitalization().getDischargeDisposition().getCodingFirstRep().getDisplay();
        }
        String department = e.getServiceType().getText();
        return new Visit(account(e, fullUrl), cls, admit, discharge, null, npi, name,
                department == null || department.length() > 100 ? null : department,
                disposition == null || disposition.length() > 60 ? null : disposition);
    }

    /** A stable account number from the sender's identifier (or fullUrl): importing the same Bundle again updates. */
    static String account(Encounter e, String fullUrl) {
        String key = e.getIdentifier().stream().filter(Identifier::hasValue)
                .map(x -> x.getSystem() + "|" + x.getValue()).findFirst().orElse(fullUrl);
        if (key == null) throw new InvalidRequestException("Encounter.identifier", "An Encounter needs an identifier or a fullUrl");
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "F" + new Base32().encodeAsString(hash).substring(0, 19);
        } catch (java.security.NoSuchAlgorithmException x) {
            throw new IllegalStateException(x);
        }
    }

    private static <T> T at(String at, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (InvalidRequestException bad) {
            String field = bad.field() == null ? "" : bad.field();
            String path = field.startsWith("Patient.") ? at + field.substring("Patient".length())
                    : field.startsWith("Bundle") ? field : at + (field.isEmpty() ? "" : "." + field);
            throw new InvalidRequestException(path, bad.getMessage());
        }
    }

    private static Bundle.BundleEntryComponent created(String location) {
        Bundle.BundleEntryComponent e = new Bundle.BundleEntryComponent();
        e.getResponse().setStatus("201 Created").setLocation(location);
        return e;
    }

    private static Bundle.BundleEntryComponent notKept(Resource r) {
        String type = r == null ? "an entry without a resource" : r.fhirType();
        Bundle.BundleEntryComponent e = new Bundle.BundleEntryComponent();
        OperationOutcome oo = new OperationOutcome();
        oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.WARNING).setCode(OperationOutcome.IssueType.NOTSUPPORTED)
                .setDiagnostics("Not stored: Chartkeeper keeps " + String.join(", ", KEPT) + " from a Bundle, not " + type);
        e.getResponse().setStatus("422 Unprocessable Entity").setOutcome(oo);
        return e;
    }
}

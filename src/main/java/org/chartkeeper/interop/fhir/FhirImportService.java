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
import org.chartkeeper.record.ImportedDocument;
import org.chartkeeper.record.RecordService;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Procedure;
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
 * service, Practitioner through the provider directory, DocumentReference as an outside clinical note of the legal
 * health record through the record service), references between entries resolved by fullUrl; every other entry is
 * answered with an OperationOutcome saying it was not stored, and why (a SNOMED CT-coded Condition or Procedure is
 * not the ICD-10 coded abstract this system's Conditions and Procedures are; an outside Organization is not one of
 * its facilities). A refused entry refuses the whole Bundle.
 */
@Service
public class FhirImportService {

    /** What this system keeps; the rest is reported, not stored. */
    static final List<String> KEPT = List.of("Patient", "Encounter", "Practitioner", "DocumentReference");
    /** The document type imported clinical notes are filed as. */
    static final String OUTSIDE_NOTE = "outside-clinical-note";
    static final String SNOMED = "http://snomed.info/sct";

    private final PatientService patients;
    private final EncounterService encounters;
    private final ProviderService providers;
    private final RecordService records;

    public FhirImportService(PatientService patients, EncounterService encounters, ProviderService providers,
                             RecordService records) {
        this.patients = patients;
        this.encounters = encounters;
        this.providers = providers;
        this.records = records;
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
        Map<String, Long> encounterOf = new HashMap<>();
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
            for (int k = 0; k < at.size(); k++) {
                answers[at.get(k)] = created("Encounter/" + ids.get(k));
                String fullUrl = entries.get(at.get(k)).getFullUrl();
                if (fullUrl != null) encounterOf.put(fullUrl, ids.get(k));
            }
        }
        // clinical notes: documents of the legal health record, patient by patient
        Map<Long, List<Integer>> documentsOf = new java.util.LinkedHashMap<>();
        Map<Integer, ImportedDocument> documents = new HashMap<>();
        Map<String, Long> authors = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).getResource() instanceof DocumentReference d) {
                String at = "Bundle.entry[" + i + "].resource";
                long patientId = patient(d.getSubject(), patientOf, at + ".subject");
                documents.put(i, document(d, entries.get(i).getFullUrl(), encounterOf, authors, at));
                documentsOf.computeIfAbsent(patientId, k -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<Long, List<Integer>> p : documentsOf.entrySet()) {
            List<Integer> at = p.getValue();
            List<Long> ids = at("Bundle.entry[" + at.getFirst() + "].resource", () -> records.importDocuments(p.getKey(),
                    at.stream().map(documents::get).toList()));
            for (int k = 0; k < at.size(); k++) answers[at.get(k)] = created("DocumentReference/" + ids.get(k));
        }
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        for (int i = 0; i < entries.size(); i++) {
            Bundle.BundleEntryComponent answer = answers[i];
            if (answer == null) answer = notKept(entries.get(i).getResource(), i);
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

    /**
     * A DocumentReference as a document to file: its inline content (base64 {@code attachment.data}; a document only
     * referenced by url cannot be kept), the sender's identifier (else its fullUrl), the encounter by fullUrl or
     * {@code Encounter/{id}}, the author by NPI, the service time (context.period.start, else date), a title from
     * the description or the type.
     */
    private ImportedDocument document(DocumentReference d, String fullUrl, Map<String, Long> encounterOf,
                                      Map<String, Long> authors, String at) {
        if (!d.hasContent()) throw new InvalidRequestException(at + ".content", "A DocumentReference needs its content");
        Attachment a = d.getContentFirstRep().getAttachment();
        if (!a.hasData()) {
            throw new InvalidRequestException(at + ".content[0].attachment.data", "Only content sent inline"
                    + " (attachment.data) is kept; a document only referenced by url is not fetched");
        }
        byte[] bytes = a.getData();
        String mediaType = a.hasContentType() ? a.getContentType().strip() : "application/octet-stream";
        if (mediaType.length() > 100) throw new InvalidRequestException(at + ".content[0].attachment.contentType", "too long");
        String text = null;
        if (mediaType.toLowerCase(java.util.Locale.ROOT).startsWith("text/")) {
            text = new String(bytes, charset(mediaType));
        }
        Identifier id = d.getIdentifier().stream().filter(Identifier::hasValue).findFirst().orElse(null);
        String system = id != null ? id.getSystem() : "urn:ietf:rfc:3986";
        String value = id != null ? id.getValue() : fullUrl;
        if (value == null) {
            throw new InvalidRequestException(at + ".identifier", "A DocumentReference needs an identifier or a fullUrl");
        }
        Long encounterId = null;
        if (d.getContext().hasEncounter()) {
            String ref = d.getContext().getEncounterFirstRep().getReference();
            if (ref != null) {
                encounterId = encounterOf.get(ref);
                if (encounterId == null && ref.matches("Encounter/\\d{1,18}")) {
                    encounterId = Long.parseLong(ref.substring("Encounter/".length()));
                }
                if (encounterId == null) {
                    throw new InvalidRequestException(at + ".context.encounter[0]", "The encounter " + ref
                            + " is neither an Encounter of this Bundle nor Encounter/{id}");
                }
            }
        }
        Long author = null;
        for (Reference r : d.getAuthor()) {
            String ref = r.getReference();
            if (ref != null && ref.startsWith("Practitioner") && ref.contains("us-npi|")) {
                String npi = ref.substring(ref.indexOf("us-npi|") + "us-npi|".length());
                String name = r.getDisplay();
                author = authors.computeIfAbsent(npi, n -> at(at + ".author", () -> providers.ensure(n, name).id()));
                break;
            }
        }
        java.util.Date when = d.getContext().getPeriod().hasStart() ? d.getContext().getPeriod().getStart()
                : d.hasDate() ? d.getDate() : a.hasCreation() ? a.getCreation() : null;
        if (when == null) throw new InvalidRequestException(at + ".date", "A DocumentReference needs its date");
        String title = d.hasDescription() ? d.getDescription()
                : d.getType().hasText() ? d.getType().getText()
                : d.getType().hasCoding() && d.getType().getCodingFirstRep().hasDisplay()
                ? d.getType().getCodingFirstRep().getDisplay() : null;
        if (title != null && title.length() > 200) title = title.substring(0, 200);
        return new ImportedDocument(encounterId, OUTSIDE_NOTE, title, when.toInstant(), author, system, value, mediaType,
                bytes, text);
    }

    private static java.nio.charset.Charset charset(String mediaType) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("charset=\"?([A-Za-z0-9._-]+)").matcher(mediaType);
        if (m.find()) {
            try {
                return java.nio.charset.Charset.forName(m.group(1));
            } catch (RuntimeException unknown) {
                return StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static Bundle.BundleEntryComponent notKept(Resource r, int index) {
        String type = r == null ? "an entry without a resource" : r.fhirType();
        String message = "Not stored: Chartkeeper keeps " + String.join(", ", KEPT) + " from a Bundle, not " + type;
        String expression = null;
        if (r instanceof Condition c && codedIn(c.getCode(), SNOMED)) {
            message = "Not stored: Chartkeeper's Conditions are the coded diagnoses of an encounter's abstract, in"
                    + " ICD-10-CM, that its coders assign from the record; this Condition is coded in SNOMED CT ("
                    + snomed(c.getCode()) + "), not ICD-10-CM, so it is not kept";
            expression = "Bundle.entry[" + index + "].resource.code";
        } else if (r instanceof Procedure p && codedIn(p.getCode(), SNOMED)) {
            message = "Not stored: Chartkeeper's Procedures are the coded procedures of an encounter's abstract, in"
                    + " ICD-10-PCS, HCPCS or CPT, that its coders assign from the record; this Procedure is coded in"
                    + " SNOMED CT (" + snomed(p.getCode()) + "), none of those, so it is not kept";
            expression = "Bundle.entry[" + index + "].resource.code";
        } else if (r instanceof Organization o) {
            message = "Not stored: Chartkeeper's Organizations are its own facilities, which assign its MRNs (see"
                    + " GET /fhir/Organization); an outside organization" + (o.hasName() ? " (" + o.getName() + ")" : "")
                    + " is not kept";
        }
        Bundle.BundleEntryComponent e = new Bundle.BundleEntryComponent();
        OperationOutcome oo = new OperationOutcome();
        var issue = oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.WARNING)
                .setCode(OperationOutcome.IssueType.NOTSUPPORTED).setDiagnostics(message);
        if (expression != null) issue.addExpression(expression);
        e.getResponse().setStatus("422 Unprocessable Entity").setOutcome(oo);
        return e;
    }

    private static boolean codedIn(CodeableConcept code, String system) {
        return code.hasCoding() && code.getCoding().stream().allMatch(c -> system.equals(c.getSystem()));
    }

    private static String snomed(CodeableConcept code) {
        Coding c = code.getCodingFirstRep();
        return c.getCode() + (c.hasDisplay() ? " " + c.getDisplay() : "");
    }
}

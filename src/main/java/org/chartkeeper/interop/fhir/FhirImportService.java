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
import org.chartkeeper.record.NewOutsideResource;
import org.chartkeeper.record.OutsideDataService;
import org.chartkeeper.record.RecordService;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Medication;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import org.springframework.transaction.annotation.Transactional;

/**
 * A transaction Bundle of clinical data (a Synthea patient, another system's record): the resource types this system
 * keeps are stored in one database transaction (Patient through registration, Encounter through the encounter
 * service, Practitioner through the provider directory, DocumentReference as an outside clinical note of the legal
 * health record through the record service, and the clinical data received from the other system (results,
 * medications, allergies, immunizations, care plans, imaging studies, devices, claims: OutsideDataService) as
 * received), references between entries resolved by fullUrl; every other entry is
 * answered with an OperationOutcome saying it was not stored, and why (a SNOMED CT-coded Condition or Procedure is
 * not the ICD-10 coded abstract this system's Conditions and Procedures are; an outside Organization is not one of
 * its facilities). A refused entry refuses the whole Bundle.
 */
@Service
public class FhirImportService {

    /** What this system keeps; the rest is reported, not stored. */
    static final List<String> KEPT = java.util.stream.Stream.concat(
            java.util.stream.Stream.of("Patient", "Encounter", "Practitioner", "DocumentReference"),
            new java.util.TreeSet<>(OutsideDataService.TYPES).stream()).toList();
    /** The document type imported clinical notes are filed as. */
    static final String OUTSIDE_NOTE = "outside-clinical-note";
    static final String SNOMED = "http://snomed.info/sct";

    private final PatientService patients;
    private final EncounterService encounters;
    private final ProviderService providers;
    private final RecordService records;
    private final OutsideDataService outside;

    public FhirImportService(PatientService patients, EncounterService encounters, ProviderService providers,
                             RecordService records, OutsideDataService outside) {
        this.outside = outside;
        this.patients = patients;
        this.encounters = encounters;
        this.providers = providers;
        this.records = records;
    }

    @Transactional
    public Bundle importTransaction(Bundle bundle) {
        return importTransaction(bundle, null);
    }

    /**
     * As {@link #importTransaction(Bundle)} for a Bundle split on receipt ({@link ReceivedBundle}): {@code bundle} is
     * what HAPI parsed, {@code received} the whole Bundle as received, whose clinical data kept as received is taken
     * from its JSON. Entries are named and answered by their place in the Bundle as received.
     */
    @Transactional
    public Bundle importTransaction(Bundle bundle, ReceivedBundle received) {
        List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
        try {
            return importParsed(bundle, received);
        } catch (InvalidRequestException bad) {
            if (received == null || bad instanceof Renumbered || bad.field() == null) throw bad;
            // an entry HAPI parsed is named by its place in the Bundle as received
            java.util.regex.Matcher m = ENTRY.matcher(bad.field());
            if (!m.find()) throw bad;
            int at = received.received(Integer.parseInt(m.group(1)));
            throw new InvalidRequestException(bad.field().substring(0, m.start()) + "Bundle.entry[" + at + "]"
                    + bad.field().substring(m.end()), bad.getMessage());
        }
    }

    private static final java.util.regex.Pattern ENTRY = java.util.regex.Pattern.compile("Bundle\\.entry\\[(\\d+)]");

    /** A refusal that already names an entry by its place in the Bundle as received. */
    private static final class Renumbered extends InvalidRequestException {
        Renumbered(String field, String message) {
            super(field, message);
        }
    }

    private Bundle importParsed(Bundle bundle, ReceivedBundle received) {
        List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
        Bundle.BundleEntryComponent[] answers = new Bundle.BundleEntryComponent[entries.size()];
        Map<String, Long> patientOf = new HashMap<>();
        Map<String, String> local = new HashMap<>(); // fullUrl -> Type/id of what this Bundle stored
        Map<String, Long> authors = new HashMap<>(); // NPI -> practitioner id
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
                if (entries.get(i).getFullUrl() != null) local.put(entries.get(i).getFullUrl(), "Practitioner/" + id);
                authors.put(npi, id);
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
            for (int k = 0; k < at.size(); k++) {
                answers[at.get(k)] = created("DocumentReference/" + ids.get(k));
                String fullUrl = entries.get(at.get(k)).getFullUrl();
                if (fullUrl != null) local.put(fullUrl, "DocumentReference/" + ids.get(k));
            }
        }
        patientOf.forEach((url, id) -> local.put(url, "Patient/" + id));
        encounterOf.forEach((url, id) -> local.put(url, "Encounter/" + id));
        // the clinical data kept as received: from the JSON as received, or (XML, a batch) as HAPI encodes it
        int size = received == null ? entries.size() : received.size();
        Resource[] parsed = new Resource[size];
        Bundle.BundleEntryComponent[] all = new Bundle.BundleEntryComponent[size];
        for (int i = 0; i < entries.size(); i++) {
            int at = received == null ? i : received.received(i);
            parsed[at] = entries.get(i).getResource();
            all[at] = answers[i];
        }
        List<Received> items = new ArrayList<>();
        Map<String, java.util.function.Supplier<JsonNode>> medications = new HashMap<>();
        if (received != null) {
            for (int i : received.keptAt()) {
                JsonNode entry = received.entries().get(i);
                String method = text(entry.path("request").get("method"));
                if (method != null && !method.equals("POST") && !method.equals("PUT")) {
                    throw new Renumbered("Bundle.entry[" + i + "].request.method",
                            "Only POST (create) and PUT entries are supported");
                }
                if (!OutsideDataService.TYPES.contains(entry.path("resource").path("resourceType").asString(""))) continue;
                items.add(new Received(i, text(entry.get("fullUrl")), text(entry.path("request").get("method")),
                        (ObjectNode) entry.get("resource")));
            }
            for (int i = 0; i < size; i++) {
                JsonNode entry = received.entries().get(i);
                String fullUrl = text(entry.get("fullUrl"));
                if (fullUrl != null && "Medication".equals(entry.path("resource").path("resourceType").asString(""))) {
                    medications.put(fullUrl, () -> entry.get("resource"));
                }
            }
        } else {
            for (int i = 0; i < entries.size(); i++) {
                Bundle.BundleEntryComponent e = entries.get(i);
                Resource r = e.getResource();
                if (r != null && OutsideDataService.TYPES.contains(r.fhirType())) {
                    items.add(new Received(i, e.getFullUrl(), e.getRequest().hasMethod()
                            ? e.getRequest().getMethod().toCode() : null, (ObjectNode) JSON.readTree(FhirContextHolder.json(r))));
                } else if (r instanceof Medication && e.getFullUrl() != null) {
                    medications.put(e.getFullUrl(), () -> JSON.readTree(FhirContextHolder.json(r)));
                }
            }
        }
        receiveOutside(items, medications, all, patientOf, local, authors);
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        for (int i = 0; i < size; i++) {
            Bundle.BundleEntryComponent answer = all[i];
            if (answer == null) {
                answer = parsed[i] != null || received == null ? notKept(parsed[i], i)
                        : notKept(received.entries().get(i).get("resource"), i);
            }
            response.addEntry(answer);
        }
        return response;
    }

    /** An entry of clinical data kept as received: its place in the Bundle, fullUrl, request method and resource. */
    private record Received(int index, String fullUrl, String method, ObjectNode resource) {}

    private static String text(JsonNode n) {
        return n != null && n.isString() ? n.asString() : null;
    }

    /**
     * The clinical data of the Bundle this system keeps as received (OutsideDataService.TYPES): each entry's sender key
     * (its identifier, else its fullUrl) keeps the id it had if received before, the others get new ids; then every
     * reference is rewritten (to the Patient, Encounters, documents, practitioners and other entries stored here, or to
     * a logical reference for what is not kept), and each patient's resources are kept in one batch.
     */
    private void receiveOutside(List<Received> items, Map<String, java.util.function.Supplier<JsonNode>> medications,
                                Bundle.BundleEntryComponent[] answers, Map<String, Long> patientOf,
                                Map<String, String> local, Map<String, Long> authors) {
        if (items.isEmpty()) return;
        Map<Long, List<Received>> byPatient = new java.util.LinkedHashMap<>();
        Map<Integer, OutsideDataService.SourceKey> keys = new HashMap<>();
        for (Received item : items) {
            ObjectNode r = item.resource();
            String type = r.path("resourceType").asString("");
            String at = "Bundle.entry[" + item.index() + "]";
            if (item.method() != null && !item.method().equals("POST") && !item.method().equals("PUT")) {
                throw new Renumbered(at + ".request.method", "Only POST (create) and PUT entries are supported");
            }
            try {
                OutsideResources.check(r, at + ".resource");
            } catch (InvalidRequestException bad) {
                throw new Renumbered(bad.field(), bad.getMessage());
            }
            String subject = OutsideResources.patientReference(r);
            if (subject == null) {
                throw new Renumbered(at + ".resource", "A " + type + " needs its patient (subject or patient)");
            }
            long patientId;
            try {
                patientId = patient(new Reference(subject), patientOf, at + ".resource.subject");
            } catch (InvalidRequestException bad) {
                throw new Renumbered(bad.field(), bad.getMessage());
            }
            String[] id = OutsideResources.identifier(r);
            String system = id != null ? id[0] : OutsideResources.URI;
            String value = id != null ? id[1] : item.fullUrl();
            if (value == null) {
                throw new Renumbered(at + ".resource.identifier", "A " + type + " needs an identifier or a fullUrl");
            }
            keys.put(item.index(), new OutsideDataService.SourceKey(type, system, value));
            byPatient.computeIfAbsent(patientId, k -> new ArrayList<>()).add(item);
        }
        Map<Integer, Long> ids = new HashMap<>();
        List<Integer> unnumbered = new ArrayList<>();
        for (Map.Entry<Long, List<Received>> p : byPatient.entrySet()) {
            Map<OutsideDataService.SourceKey, Long> before = outside.receivedBefore(p.getKey(),
                    p.getValue().stream().map(item -> keys.get(item.index())).toList());
            for (Received item : p.getValue()) {
                Long first = before.get(keys.get(item.index()));
                if (first != null) ids.put(item.index(), first); else unnumbered.add(item.index());
            }
        }
        List<Long> fresh = outside.reserveIds(unnumbered.size());
        for (int k = 0; k < unnumbered.size(); k++) ids.put(unnumbered.get(k), fresh.get(k));
        for (Received item : items) {
            if (item.fullUrl() != null) local.put(item.fullUrl(), keys.get(item.index()).resourceType() + "/" + ids.get(item.index()));
        }
        OutsideResources.Resolver resolver = (ref, display) -> {
            String to = local.get(ref);
            if (to != null) return to;
            if (ref.startsWith(OutsideResources.NPI_REF)) {
                String npi = ref.substring(OutsideResources.NPI_REF.length());
                return "Practitioner/" + authors.computeIfAbsent(npi, n -> providers.ensure(n, display).id());
            }
            if (OWN.matcher(ref).matches()) return ref; // this server's own
            return null;
        };
        Map<String, JsonNode> medicationJson = new HashMap<>();
        java.util.function.Function<String, JsonNode> containable = ref -> {
            var m = medications.get(ref);
            return m == null ? null : medicationJson.computeIfAbsent(ref, k -> m.get());
        };
        for (Map.Entry<Long, List<Received>> p : byPatient.entrySet()) {
            List<NewOutsideResource> batch = new ArrayList<>(p.getValue().size());
            for (Received item : p.getValue()) {
                ObjectNode content = item.resource();
                OutsideResources.rewrite(content, resolver, containable);
                long id = ids.get(item.index());
                content.put("id", Long.toString(id));
                String encounter = OutsideResources.encounterReference(content);
                Long encounterId = encounter != null && encounter.startsWith("Encounter/")
                        ? Long.valueOf(encounter.substring("Encounter/".length())) : null;
                String[] code = OutsideResources.code(content);
                java.util.Date when = OutsideResources.when(content);
                OutsideDataService.SourceKey key = keys.get(item.index());
                batch.add(new NewOutsideResource(id, encounterId, key.resourceType(), key.system(), key.identifier(),
                        code == null ? null : code[0], code == null ? null : code[1],
                        when == null ? null : when.toInstant(), OutsideResources.status(content),
                        JSON.writeValueAsString(content)));
            }
            long patientId = p.getKey();
            int first = p.getValue().getFirst().index();
            try {
                outside.receive(patientId, batch);
            } catch (InvalidRequestException bad) {
                // the service names the resource by its place in the patient's batch: [k]
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[(\\d+)]$").matcher(
                        bad.field() == null ? "" : bad.field());
                int at = m.find() ? p.getValue().get(Integer.parseInt(m.group(1))).index() : first;
                throw new Renumbered("Bundle.entry[" + at + "].resource", bad.getMessage());
            }
            for (Received item : p.getValue()) {
                answers[item.index()] = created(keys.get(item.index()).resourceType() + "/" + ids.get(item.index()));
            }
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final java.util.regex.Pattern OWN = java.util.regex.Pattern.compile("(Patient|Encounter)/\\d{1,18}");

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
        return notKept(r == null ? null : JSON.readTree(FhirContextHolder.json(r)), index);
    }

    private static Bundle.BundleEntryComponent notKept(JsonNode r, int index) {
        String type = r == null ? "an entry without a resource" : r.path("resourceType").asString("a resource");
        String message = "Not stored: Chartkeeper keeps " + String.join(", ", KEPT) + " from a Bundle, not " + type;
        String expression = null;
        String[] snomed = r == null ? null : snomed(r.get("code"));
        if ("Condition".equals(type) && snomed != null) {
            message = "Not stored: Chartkeeper's Conditions are the coded diagnoses of an encounter's abstract, in"
                    + " ICD-10-CM, that its coders assign from the record; this Condition is coded in SNOMED CT ("
                    + snomed[0] + "), not ICD-10-CM, so it is not kept";
            expression = "Bundle.entry[" + index + "].resource.code";
        } else if ("Procedure".equals(type) && snomed != null) {
            message = "Not stored: Chartkeeper's Procedures are the coded procedures of an encounter's abstract, in"
                    + " ICD-10-PCS, HCPCS or CPT, that its coders assign from the record; this Procedure is coded in"
                    + " SNOMED CT (" + snomed[0] + "), none of those, so it is not kept";
            expression = "Bundle.entry[" + index + "].resource.code";
        } else if ("Medication".equals(type)) {
            message = "Not stored on its own: a Medication is kept inside (contained in) each MedicationRequest and"
                    + " MedicationAdministration of the Bundle that names it";
        } else if ("Organization".equals(type)) {
            String name = text(r.get("name"));
            message = "Not stored: Chartkeeper's Organizations are its own facilities, which assign its MRNs (see"
                    + " GET /fhir/Organization); an outside organization" + (name != null ? " (" + name + ")" : "")
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

    /** "code display" of a concept coded in SNOMED CT only, or null. */
    private static String[] snomed(JsonNode concept) {
        if (concept == null || !(concept.get("coding") instanceof ArrayNode codings) || codings.isEmpty()) return null;
        for (JsonNode c : codings) if (!SNOMED.equals(text(c.get("system")))) return null;
        JsonNode first = codings.get(0);
        String display = text(first.get("display"));
        return new String[] {text(first.get("code")) + (display != null ? " " + display : "")};
    }

}

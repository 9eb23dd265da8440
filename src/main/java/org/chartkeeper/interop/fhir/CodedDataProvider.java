package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.coding.CodeSystem;
import org.chartkeeper.coding.EncounterCoding;
import org.chartkeeper.coding.EncounterCodingService;
import org.chartkeeper.encounter.Encounter;
import org.chartkeeper.encounter.EncounterService;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;

/**
 * Coded diagnoses as FHIR Condition (encounter-diagnosis, ICD-10-CM) and coded procedures as FHIR Procedure
 * (ICD-10-PCS, HCPCS or CPT), read from each encounter's coded abstract through the coding service (audited).
 * Ids are {@code <encounter id>-<sequence>}: the principal diagnosis is Condition/{encounter}-1.
 */
final class CodedDataProvider {

    static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";
    static final String ICD10PCS = "http://www.cms.gov/Medicare/Coding/ICD10";
    static final String HCPCS = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";
    static final String CPT = "http://www.ama-assn.org/go/cpt";

    private CodedDataProvider() {}

    /** The encounters a search names: one (encounter=) or all of a patient's (patient=). */
    static List<Long> encounters(ReferenceParam patient, ReferenceParam encounter, EncounterService service) {
        if (encounter != null) {
            String id = encounter.getIdPart();
            if (id == null || !id.matches("\\d{1,18}")) {
                throw new InvalidRequestException("encounter", "encounter must be Encounter/{id} with a numeric id");
            }
            return List.of(Long.parseLong(id));
        }
        if (patient == null) {
            throw new InvalidRequestException("patient", "Search within a patient (patient=Patient/{id}) or an encounter");
        }
        return service.forPatient(FhirReferences.patientId(patient, "patient")).stream().map(Encounter::id).toList();
    }

    static long[] id(IdType id) {
        String part = id.getIdPart();
        if (part == null || !part.matches("\\d{1,18}-\\d{1,3}")) throw new ResourceNotFoundException(id);
        String[] p = part.split("-");
        return new long[] {Long.parseLong(p[0]), Long.parseLong(p[1])};
    }

    static Condition condition(EncounterCoding c, EncounterCoding.CodedDiagnosis d) {
        Condition r = new Condition();
        r.setId(c.encounterId() + "-" + d.sequence());
        r.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-category",
                "encounter-diagnosis", "Encounter Diagnosis")));
        r.setVerificationStatus(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", "Confirmed")));
        r.setCode(new CodeableConcept(new Coding(ICD10CM, d.display(), d.title())).setText(d.title()));
        r.setSubject(new Reference("Patient/" + c.patientId()));
        r.setEncounter(new Reference("Encounter/" + c.encounterId()));
        if (d.principal()) r.addNote().setText("Principal diagnosis");
        if (d.poa() != null) r.addNote().setText("Present on admission: " + d.poa());
        return r;
    }

    static Procedure procedure(EncounterCoding c, EncounterCoding.CodedProcedure p) {
        Procedure r = new Procedure();
        r.setId(c.encounterId() + "-" + p.sequence());
        r.setStatus(Procedure.ProcedureStatus.COMPLETED);
        String system = switch (p.system()) {
            case ICD10PCS -> ICD10PCS;
            case HCPCS -> HCPCS;
            case CPT -> CPT;
            case ICD10CM -> ICD10CM;
        };
        r.setCode(new CodeableConcept(new Coding(system, p.code(), p.title())).setText(p.title()));
        r.setSubject(new Reference("Patient/" + c.patientId()));
        r.setEncounter(new Reference("Encounter/" + c.encounterId()));
        if (p.date() != null) {
            r.setPerformed(new DateTimeType(Date.from(p.date().atStartOfDay(ZoneOffset.UTC).toInstant()),
                    ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY, java.util.TimeZone.getTimeZone("UTC")));
        }
        return r;
    }

    /** FHIR Condition: coded diagnoses. */
    public static class Conditions implements ca.uhn.fhir.rest.server.IResourceProvider {
        private final EncounterCodingService coding;
        private final EncounterService encounters;

        Conditions(EncounterCodingService coding, EncounterService encounters) {
            this.coding = coding;
            this.encounters = encounters;
        }

        @Override
        public Class<Condition> getResourceType() {
            return Condition.class;
        }

        @Read
        public Condition read(@IdParam IdType id) {
            long[] key = id(id);
            EncounterCoding c = coding.get(key[0]);
            return c.diagnoses().stream().filter(d -> d.sequence() == key[1]).findFirst()
                    .map(d -> condition(c, d)).orElseThrow(() -> new ResourceNotFoundException(id));
        }

        @Search
        public List<Condition> search(@OptionalParam(name = Condition.SP_PATIENT) ReferenceParam patient,
                                      @OptionalParam(name = Condition.SP_ENCOUNTER) ReferenceParam encounter) {
            List<Condition> out = new ArrayList<>();
            for (long e : encounters(patient, encounter, encounters)) {
                EncounterCoding c = coding.get(e);
                c.diagnoses().forEach(d -> out.add(condition(c, d)));
            }
            return out;
        }
    }

    /** FHIR Procedure: coded procedures. */
    public static class Procedures implements ca.uhn.fhir.rest.server.IResourceProvider {
        private final EncounterCodingService coding;
        private final EncounterService encounters;

        Procedures(EncounterCodingService coding, EncounterService encounters) {
            this.coding = coding;
            this.encounters = encounters;
        }

        @Override
        public Class<Procedure> getResourceType() {
            return Procedure.class;
        }

        @Read
        public Procedure read(@IdParam IdType id) {
            long[] key = id(id);
            EncounterCoding c = coding.get(key[0]);
            return c.procedures().stream().filter(p -> p.sequence() == key[1]).findFirst()
                    .map(p -> procedure(c, p)).orElseThrow(() -> new ResourceNotFoundException(id));
        }

        @Search
        public List<Procedure> search(@OptionalParam(name = Procedure.SP_PATIENT) ReferenceParam patient,
                                      @OptionalParam(name = Procedure.SP_ENCOUNTER) ReferenceParam encounter) {
            List<Procedure> out = new ArrayList<>();
            for (long e : encounters(patient, encounter, encounters)) {
                EncounterCoding c = coding.get(e);
                c.procedures().forEach(p -> out.add(procedure(c, p)));
            }
            return out;
        }
    }
}

package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.coding.CodeSystem;
import org.chartkeeper.coding.EncounterCodingService;
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

    static final String VERIFICATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
    static final List<String> VERIFICATION = List.of("unconfirmed", "provisional", "differential", "confirmed",
            "refuted", "entered-in-error");
    static final String PROCEDURE_STATUS_SYSTEM = "http://hl7.org/fhir/event-status";
    static final List<String> PROCEDURE_STATUS = List.of("preparation", "in-progress", "not-done", "on-hold", "stopped",
            "completed", "entered-in-error", "unknown");

    private CodedDataProvider() {}

    /**
     * Whether a token parameter asks for {@code emitted} (the one value every resource of this search carries):
     * true when absent or when it names it; a value outside the code system is refused, naming the parameter.
     */
    static boolean tokenIn(TokenParam p, String parameter, String system, List<String> codes, String emitted) {
        String value = FhirSearch.token(p);
        if (value == null) return true;
        if (p.getSystem() != null && !p.getSystem().isBlank() && !p.getSystem().equals(system)) {
            throw new InvalidRequestException(parameter, parameter + " is a code of " + system);
        }
        if (!codes.contains(value)) {
            throw new InvalidRequestException(parameter, parameter + " is one of " + String.join(", ", codes));
        }
        return value.equals(emitted);
    }

    /** The coded lines a search names: one encounter's (encounter=) or all of a patient's (patient=). */
    static List<EncounterCodingService.CodedLine> lines(ReferenceParam patient, ReferenceParam encounter,
                                                        EncounterCodingService coding) {
        if (encounter != null) {
            String type = encounter.getResourceType();
            String id = encounter.getIdPart();
            if (type != null && !"Encounter".equals(type) || id == null || !id.matches("\\d{1,18}")) {
                throw new InvalidRequestException("encounter", "encounter must be Encounter/{id} with a numeric id");
            }
            List<EncounterCodingService.CodedLine> lines;
            try {
                lines = coding.codedLinesOfEncounter(Long.parseLong(id));
            } catch (org.chartkeeper.NotFoundException noSuchEncounter) {
                return List.of(); // a search names what to match: no such encounter matches nothing
            }
            if (patient != null) {
                long p = FhirReferences.patientId(patient, "patient");
                return lines.stream().filter(l -> l.patientId() == p).toList();
            }
            return lines;
        }
        if (patient == null) {
            throw new InvalidRequestException("patient", "Search within a patient (patient=Patient/{id}) or an encounter");
        }
        return coding.codedLines(FhirReferences.patientId(patient, "patient"));
    }

    static long[] id(IdType id) {
        String part = id.getIdPart();
        if (part == null || !part.matches("\\d{1,18}-\\d{1,3}")) throw new ResourceNotFoundException(id);
        String[] p = part.split("-");
        return new long[] {Long.parseLong(p[0]), Long.parseLong(p[1])};
    }

    /** A code token matches with or without the dot of ICD-10-CM, within the system if one is given. */
    static boolean codeMatches(TokenParam code, String system, EncounterCodingService.CodedLine l) {
        if (code == null) return true;
        if (code.getSystem() != null && !code.getSystem().isBlank() && !code.getSystem().equals(system)) return false;
        String want = code.getValue() == null ? "" : code.getValue().replace(".", "").strip().toUpperCase(Locale.ROOT);
        return want.equals(l.code().replace(".", "").toUpperCase(Locale.ROOT));
    }

    static Condition condition(EncounterCodingService.CodedLine d) {
        Condition r = new Condition();
        r.setId(d.encounterId() + "-" + d.sequence());
        if (d.updatedAt() != null) r.getMeta().setLastUpdated(Date.from(d.updatedAt()));
        r.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-category",
                "encounter-diagnosis", "Encounter Diagnosis")));
        r.setVerificationStatus(new CodeableConcept(new Coding(VERIFICATION_SYSTEM, "confirmed", "Confirmed")));
        r.setCode(new CodeableConcept(new Coding(ICD10CM, d.display(), d.title())).setText(d.title()));
        r.setSubject(new Reference("Patient/" + d.patientId()));
        r.setEncounter(new Reference("Encounter/" + d.encounterId()));
        Instant recorded = recorded(d);
        if (recorded != null) r.setRecordedDate(Date.from(recorded));
        if (d.sequence() == 1) r.addNote().setText("Principal diagnosis");
        if (d.poa() != null) r.addNote().setText("Present on admission: " + d.poa());
        return r;
    }

    /** When the diagnosis was recorded: when the coding was made final, else its last change. */
    static Instant recorded(EncounterCodingService.CodedLine d) {
        return d.finalizedAt() != null ? d.finalizedAt() : d.updatedAt();
    }

    static Procedure procedure(EncounterCodingService.CodedLine p) {
        Procedure r = new Procedure();
        r.setId(p.encounterId() + "-" + p.sequence());
        if (p.updatedAt() != null) r.getMeta().setLastUpdated(Date.from(p.updatedAt()));
        r.setStatus(Procedure.ProcedureStatus.COMPLETED);
        r.setCode(new CodeableConcept(new Coding(system(p.system()), p.code(), p.title())).setText(p.title()));
        r.setSubject(new Reference("Patient/" + p.patientId()));
        r.setEncounter(new Reference("Encounter/" + p.encounterId()));
        if (p.procedureDate() != null) {
            r.setPerformed(new DateTimeType(Date.from(p.procedureDate().atStartOfDay(ZoneOffset.UTC).toInstant()),
                    ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY, java.util.TimeZone.getTimeZone("UTC")));
        }
        return r;
    }

    static String system(CodeSystem s) {
        return switch (s) {
            case ICD10PCS -> ICD10PCS;
            case HCPCS -> HCPCS;
            case CPT -> CPT;
            case ICD10CM -> ICD10CM;
        };
    }

    /** FHIR Condition: coded diagnoses. */
    public static class Conditions implements ca.uhn.fhir.rest.server.IResourceProvider {
        private static final Map<String, Function<Condition, Comparable<?>>> SORTS = Map.of(
                "recorded-date", Condition::getRecordedDate, "_lastUpdated", c -> c.getMeta().getLastUpdated());
        private final EncounterCodingService coding;

        Conditions(EncounterCodingService coding) {
            this.coding = coding;
        }

        @Override
        public Class<Condition> getResourceType() {
            return Condition.class;
        }

        @Read
        public Condition read(@IdParam IdType id) {
            long[] key = id(id);
            return coding.codedLinesOfEncounter(key[0]).stream().filter(l -> l.diagnosis() && l.sequence() == key[1])
                    .findFirst().map(CodedDataProvider::condition).orElseThrow(() -> new ResourceNotFoundException(id));
        }

        @Search
        public IBundleProvider search(@OptionalParam(name = Condition.SP_PATIENT) ReferenceParam patient,
                                      @OptionalParam(name = Condition.SP_SUBJECT) ReferenceParam subject,
                                      @OptionalParam(name = Condition.SP_ENCOUNTER) ReferenceParam encounter,
                                      @OptionalParam(name = Condition.SP_CODE) TokenParam code,
                                      @OptionalParam(name = Condition.SP_RECORDED_DATE) DateRangeParam recordedDate,
                                      @OptionalParam(name = Condition.SP_VERIFICATION_STATUS) TokenParam verification,
                                      @OptionalParam(name = "_lastUpdated") DateRangeParam lastUpdated,
                                      @Sort SortSpec sort, @Count Integer count, @Offset Integer offset) {
            FhirSearch.Window recorded = FhirSearch.window(recordedDate, "recorded-date");
            // a coded diagnosis of a final or working abstract is what the coder confirmed from the record
            boolean confirmedWanted = tokenIn(verification, "verification-status", VERIFICATION_SYSTEM, VERIFICATION,
                    "confirmed");
            FhirSearch.Window changed = FhirSearch.window(lastUpdated, "_lastUpdated");
            if (!confirmedWanted) return FhirSearch.page(List.of(), offset, count);
            List<Condition> out = lines(patient != null ? patient : subject, encounter, coding).stream()
                    .filter(EncounterCodingService.CodedLine::diagnosis)
                    .filter(l -> codeMatches(code, ICD10CM, l))
                    .filter(l -> recorded.contains(recorded(l)))
                    .filter(l -> changed.contains(l.updatedAt()))
                    .map(CodedDataProvider::condition).toList();
            return FhirSearch.page(FhirSearch.sort(out, sort, SORTS), offset, count);
        }
    }

    /** FHIR Procedure: coded procedures. */
    public static class Procedures implements ca.uhn.fhir.rest.server.IResourceProvider {
        private static final Map<String, Function<Procedure, Comparable<?>>> SORTS = Map.of(
                "date", p -> p.hasPerformedDateTimeType() ? p.getPerformedDateTimeType().getValue() : null,
                "_lastUpdated", p -> p.getMeta().getLastUpdated());
        private final EncounterCodingService coding;

        Procedures(EncounterCodingService coding) {
            this.coding = coding;
        }

        @Override
        public Class<Procedure> getResourceType() {
            return Procedure.class;
        }

        @Read
        public Procedure read(@IdParam IdType id) {
            long[] key = id(id);
            return coding.codedLinesOfEncounter(key[0]).stream().filter(l -> !l.diagnosis() && l.sequence() == key[1])
                    .findFirst().map(CodedDataProvider::procedure).orElseThrow(() -> new ResourceNotFoundException(id));
        }

        @Search
        public IBundleProvider search(@OptionalParam(name = Procedure.SP_PATIENT) ReferenceParam patient,
                                      @OptionalParam(name = Procedure.SP_SUBJECT) ReferenceParam subject,
                                      @OptionalParam(name = Procedure.SP_ENCOUNTER) ReferenceParam encounter,
                                      @OptionalParam(name = Procedure.SP_CODE) TokenParam code,
                                      @OptionalParam(name = Procedure.SP_DATE) DateRangeParam date,
                                      @OptionalParam(name = Procedure.SP_STATUS) TokenParam status,
                                      @OptionalParam(name = "_lastUpdated") DateRangeParam lastUpdated,
                                      @Sort SortSpec sort, @Count Integer count, @Offset Integer offset) {
            FhirSearch.Window performed = FhirSearch.window(date, "date");
            // a coded procedure is one the record documents as done
            boolean completedWanted = tokenIn(status, "status", PROCEDURE_STATUS_SYSTEM, PROCEDURE_STATUS, "completed");
            FhirSearch.Window changed = FhirSearch.window(lastUpdated, "_lastUpdated");
            if (!completedWanted) return FhirSearch.page(List.of(), offset, count);
            List<Procedure> out = lines(patient != null ? patient : subject, encounter, coding).stream()
                    .filter(l -> !l.diagnosis())
                    .filter(l -> codeMatches(code, system(l.system()), l))
                    .filter(l -> date == null || performed.overlapsDay(l.procedureDate()))
                    .filter(l -> changed.contains(l.updatedAt()))
                    .map(CodedDataProvider::procedure).toList();
            return FhirSearch.page(FhirSearch.sort(out, sort, SORTS), offset, count);
        }
    }
}

package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.patient.LikelyMatch;
import org.chartkeeper.patient.MatchGrade;
import org.chartkeeper.patient.PatientChart;
import org.chartkeeper.patient.PatientRecord;
import org.chartkeeper.patient.PatientSearch;
import org.chartkeeper.patient.PatientService;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Patient;

/**
 * FHIR Patient over the patient index: create, read, search and the MPI {@code $match}. An adapter only: every call
 * goes to {@link PatientService}, which passes the access gate (and so the audit trail) like any page.
 */
public class PatientResourceProvider implements IResourceProvider {

    static final String MATCH_GRADE_URL = "http://hl7.org/fhir/StructureDefinition/match-grade";
    static final int DEFAULT_COUNT = 50;
    static final int MAX_COUNT = 200;

    private final PatientService patients;

    PatientResourceProvider(PatientService patients) {
        this.patients = patients;
    }

    @Override
    public Class<Patient> getResourceType() {
        return Patient.class;
    }

    @Create
    public MethodOutcome create(@ResourceParam Patient resource) {
        var registered = patients.register(FhirPatientMapping.demographics(resource),
                FhirPatientMapping.details(resource, "FHIR"));
        var identifiers = patients.identifiersOfRegistered(List.of(registered)).getOrDefault(registered.id(), List.of());
        Patient created = FhirPatientMapping.toFhir(new PatientRecord(registered, identifiers));
        MethodOutcome outcome = new MethodOutcome(new IdType("Patient", String.valueOf(registered.id()),
                String.valueOf(registered.version())), true);
        outcome.setResource(created);
        return outcome;
    }

    @Read
    public Patient read(@IdParam IdType id) {
        if (!id.isIdPartValidLong()) {
            throw new ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException(id);
        }
        PatientChart chart = patients.chart(id.getIdPartAsLong());
        return FhirPatientMapping.toFhir(new PatientRecord(chart.patient(), chart.identifiers()));
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = Patient.SP_FAMILY) StringParam family,
                                @OptionalParam(name = Patient.SP_GIVEN) StringParam given,
                                @OptionalParam(name = Patient.SP_BIRTHDATE) DateParam birthDate,
                                @OptionalParam(name = Patient.SP_IDENTIFIER) TokenParam identifier,
                                @OptionalParam(name = Patient.SP_PHONE) TokenParam phone,
                                @OptionalParam(name = Patient.SP_ADDRESS) StringParam address,
                                @OptionalParam(name = Patient.SP_PHONETIC) StringParam phonetic,
                                @OptionalParam(name = "_lastUpdated") DateRangeParam lastUpdated,
                                @Count Integer count, @Offset Integer offset) {
        LocalDate from = null;
        LocalDate to = null;
        if (birthDate != null && birthDate.getValueAsString() != null) {
            ParamPrefixEnum prefix = birthDate.getPrefix() == null ? ParamPrefixEnum.EQUAL : birthDate.getPrefix();
            LocalDate[] range = range(birthDate);
            switch (prefix) {
                case EQUAL -> { from = range[0]; to = range[1]; }
                case GREATERTHAN_OR_EQUALS -> from = range[0];
                case LESSTHAN_OR_EQUALS -> to = range[1];
                case GREATERTHAN -> from = range[1].plusDays(1);
                case LESSTHAN -> to = range[0].minusDays(1);
                default -> throw new InvalidRequestException("birthdate",
                        "birthdate supports the prefixes eq, ge, le, gt and lt");
            }
        }
        String system = identifier == null ? null : FhirPatientMapping.systemToStored(blank(identifier.getSystem()));
        String value = identifier == null ? null : blank(identifier.getValue());
        if (identifier != null && value == null) {
            throw new InvalidRequestException("identifier", "identifier needs a value (system|value, or value)");
        }
        if (phonetic != null && family != null) {
            throw new InvalidRequestException("phonetic", "Give family or phonetic, not both");
        }
        // FHIR's family matches the start of the name; phonetic finds names that sound alike (Smyth for Smith)
        StringParam name = family != null ? family : phonetic;
        PatientSearch criteria = new PatientSearch(name == null ? null : name.getValue(),
                family != null && family.isExact(), given == null ? null : given.getValue(), from, to, null, system,
                value, phone == null ? null : phone.getValue(), address == null ? null : address.getValue(),
                phonetic != null);
        int size = count == null ? DEFAULT_COUNT : Math.max(0, Math.min(count, MAX_COUNT));
        int skip = FhirSearch.offset(offset);
        FhirSearch.Window changed = FhirSearch.window(lastUpdated, "_lastUpdated");
        List<Patient> found;
        if (criteria.isEmpty()) {
            if (lastUpdated == null) {
                throw new InvalidRequestException("Patient", "Give at least one of family, phonetic, given, birthdate,"
                        + " identifier, phone, address, _lastUpdated");
            }
            // a sync client's "what changed since": oldest change first, so that paging forward never skips one
            found = patients.changedBetween(changed.from(), changed.to(), skip + size + 1).stream()
                    .map(FhirPatientMapping::toFhir).toList();
        } else {
            found = patients.searchRecords(criteria, lastUpdated == null ? skip + size + 1 : 1000).stream()
                    .filter(r -> changed.contains(r.patient().updatedAt()))
                    .map(FhirPatientMapping::toFhir).toList();
        }
        return FhirSearch.pageOfMore(found, skip, size);
    }

    /**
     * FHIR R4 Patient/$match: the candidates for the given Patient, best first, each with its score (0..1) and the
     * match-grade extension. {@code onlyCertainMatches} keeps only certain ones; {@code count} limits them.
     */
    @Operation(name = "$match", idempotent = false, type = Patient.class)
    public Bundle match(@OperationParam(name = "resource", min = 1, max = 1) Patient resource,
                        @OperationParam(name = "onlyCertainMatches", max = 1) BooleanType onlyCertainMatches,
                        @OperationParam(name = "count", max = 1) IntegerType count,
                        ca.uhn.fhir.rest.api.server.RequestDetails request) {
        if (resource == null) {
            throw new InvalidRequestException("Parameters.parameter:resource", "Give the Patient to match as parameter 'resource'");
        }
        int limit = count == null || count.getValue() == null ? 10 : count.getValue();
        if (limit < 1) throw new InvalidRequestException("Parameters.parameter:count", "count must be at least 1");
        boolean onlyCertain = onlyCertainMatches != null && Boolean.TRUE.equals(onlyCertainMatches.getValue());
        List<LikelyMatch> matches = patients.likelyMatches(FhirPatientMapping.demographics(resource),
                Math.min(limit, 100), onlyCertain);
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(matches.size());
        for (LikelyMatch m : matches) {
            Patient p = FhirPatientMapping.toFhir(m.record());
            Bundle.BundleEntryComponent e = bundle.addEntry()
                    .setFullUrl(request.getFhirServerBase() + "/Patient/" + p.getIdElement().getIdPart())
                    .setResource(p);
            e.getSearch().setMode(Bundle.SearchEntryMode.MATCH)
                    .setScore(Math.max(0, Math.min(1, m.match().score())))
                    .addExtension(MATCH_GRADE_URL, new CodeType(grade(m.match().grade())));
        }
        return bundle;
    }

    private static String grade(MatchGrade g) {
        return g == null ? MatchGrade.POSSIBLE.code() : g.code();
    }

    /** The days a date parameter covers: a day, a month or a year. */
    private static LocalDate[] range(DateParam p) {
        TemporalPrecisionEnum precision = p.getPrecision();
        String text = p.getValueAsString();
        try {
            if (precision == TemporalPrecisionEnum.YEAR) {
                int year = Integer.parseInt(text.substring(0, 4));
                return new LocalDate[] {LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31)};
            }
            if (precision == TemporalPrecisionEnum.MONTH) {
                YearMonth m = YearMonth.parse(text.substring(0, 7));
                return new LocalDate[] {m.atDay(1), m.atEndOfMonth()};
            }
            LocalDate d = LocalDate.parse(text.substring(0, 10));
            return new LocalDate[] {d, d};
        } catch (RuntimeException e) {
            throw new InvalidRequestException("birthdate", "birthdate must be a date (yyyy, yyyy-MM or yyyy-MM-dd)");
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

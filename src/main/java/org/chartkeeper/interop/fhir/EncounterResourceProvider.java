package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.encounter.EncounterService;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * FHIR Encounter over the encounter service: read, and search within one patient or by account number (each an
 * audited view). Searches filter and page the patient's encounters (a chart holds hundreds, not millions).
 */
public class EncounterResourceProvider implements IResourceProvider {

    private static final Map<String, Function<Encounter, Comparable<?>>> SORTS = Map.of(
            "date", e -> e.getPeriod().getStart(), "_lastUpdated", e -> e.getMeta().getLastUpdated());
    private final EncounterService encounters;

    EncounterResourceProvider(EncounterService encounters) {
        this.encounters = encounters;
    }

    @Override
    public Class<Encounter> getResourceType() {
        return Encounter.class;
    }

    @Read
    public Encounter read(@IdParam IdType id) {
        if (!id.isIdPartValidLong()) throw new ResourceNotFoundException(id);
        return FhirResourceMapping.encounter(encounters.get(id.getIdPartAsLong()));
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = Encounter.SP_PATIENT) ReferenceParam patient,
                                  @OptionalParam(name = Encounter.SP_SUBJECT) ReferenceParam subject,
                                  @OptionalParam(name = Encounter.SP_IDENTIFIER) TokenParam identifier,
                                  @OptionalParam(name = Encounter.SP_DATE) DateRangeParam date,
                                  @OptionalParam(name = Encounter.SP_STATUS) TokenParam status,
                                  @OptionalParam(name = Encounter.SP_CLASS) TokenParam encounterClass,
                                  @OptionalParam(name = Encounter.SP_TYPE) TokenParam type,
                                  @OptionalParam(name = "_lastUpdated") DateRangeParam lastUpdated,
                                  @Sort SortSpec sort, @Count Integer count, @Offset Integer offset) {
        ReferenceParam who = patient != null ? patient : subject;
        String account = FhirSearch.token(identifier);
        if (identifier != null && identifier.getSystem() != null && !identifier.getSystem().isBlank()
                && !FhirResourceMapping.ACCOUNT_SYSTEM.equals(identifier.getSystem())) {
            throw new InvalidRequestException("identifier", "Encounters are identified by account number ("
                    + FhirResourceMapping.ACCOUNT_SYSTEM + ")");
        }
        if (who == null && account == null) {
            throw new InvalidRequestException("patient",
                    "Search encounters within a patient (patient=Patient/{id}) or by account number (identifier)");
        }
        String cls = null;
        if (encounterClass != null) {
            cls = FhirResourceMapping.encounterClass(encounterClass.getValue());
            if (cls == null) throw new InvalidRequestException("class", "class is one of IMP, EMER, AMB");
        }
        // type: the department (the encounter's serviceType text)
        String department = FhirSearch.token(type);
        String wantedStatus = FhirSearch.token(status);
        FhirSearch.Window when = FhirSearch.window(date, "date");
        FhirSearch.Window changed = FhirSearch.window(lastUpdated, "_lastUpdated");
        List<org.chartkeeper.encounter.Encounter> found;
        if (who != null) {
            long patientId = FhirReferences.patientId(who, "patient");
            found = encounters.search(patientId, null, null, wantedStatus, cls, 1000);
        } else {
            found = encounters.byAccount(account).stream().toList();
        }
        String wantedClass = cls;
        List<Encounter> out = found.stream()
                .filter(e -> account == null || account.equals(e.accountNumber()))
                .filter(e -> wantedStatus == null || wantedStatus.equals(e.status()))
                .filter(e -> wantedClass == null || wantedClass.equals(e.encounterClass()))
                .filter(e -> department == null || department.equalsIgnoreCase(e.department()))
                .filter(e -> when.overlaps(e.admitAt(), e.dischargeAt()))
                .filter(e -> changed.contains(e.updatedAt()))
                .map(FhirResourceMapping::encounter).toList();
        return FhirSearch.page(FhirSearch.sort(out, sort, SORTS), offset, count);
    }
}

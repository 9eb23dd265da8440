package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.encounter.EncounterService;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;

/** FHIR Encounter over the encounter service: read, and search within one patient (each an audited view). */
public class EncounterResourceProvider implements IResourceProvider {

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
    public List<Encounter> search(@OptionalParam(name = Encounter.SP_PATIENT) ReferenceParam patient,
                                  @OptionalParam(name = Encounter.SP_SUBJECT) ReferenceParam subject,
                                  @OptionalParam(name = Encounter.SP_DATE) DateRangeParam date,
                                  @OptionalParam(name = Encounter.SP_STATUS) TokenParam status,
                                  @OptionalParam(name = Encounter.SP_CLASS) TokenParam encounterClass,
                                  @Count Integer count) {
        ReferenceParam who = patient != null ? patient : subject;
        if (who == null) {
            throw new InvalidRequestException("Encounter", "Search encounters within a patient: give patient=Patient/{id}");
        }
        long patientId = FhirReferences.patientId(who, "patient");
        String cls = null;
        if (encounterClass != null) {
            cls = FhirResourceMapping.encounterClass(encounterClass.getValue());
            if (cls == null) throw new InvalidRequestException("class", "class is one of IMP, EMER, AMB");
        }
        OffsetDateTime from = date == null || date.getLowerBoundAsInstant() == null ? null
                : date.getLowerBoundAsInstant().toInstant().atOffset(ZoneOffset.UTC);
        OffsetDateTime to = date == null || date.getUpperBoundAsInstant() == null ? null
                : date.getUpperBoundAsInstant().toInstant().atOffset(ZoneOffset.UTC);
        int limit = count == null ? 100 : Math.max(1, Math.min(count, 1000));
        return encounters.search(patientId, from, to, status == null ? null : status.getValue(), cls, limit).stream()
                .map(FhirResourceMapping::encounter).toList();
    }
}

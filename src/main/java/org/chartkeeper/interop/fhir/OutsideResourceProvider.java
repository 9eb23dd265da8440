package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.record.OutsideDataService;
import org.chartkeeper.record.OutsideResourceQuery;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * Read and search of one type of clinical data received from other systems (Observation, MedicationRequest, Claim,
 * ...: OutsideDataService.TYPES), one provider per type. Search is within a patient: {@code patient} (or
 * {@code subject}), {@code code}, {@code date}, {@code status}, {@code encounter}, {@code _lastUpdated}; newest first,
 * paged in the SQL. Each read and each search is an audited view of the chart.
 */
public class OutsideResourceProvider implements IResourceProvider {

    private final Class<? extends Resource> type;
    private final String typeName;
    private final OutsideDataService outside;

    OutsideResourceProvider(Class<? extends Resource> type, OutsideDataService outside) {
        this.type = type;
        this.typeName = FhirContextHolder.R4.getResourceType(type);
        this.outside = outside;
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
        return type;
    }

    @Read
    public IBaseResource read(@IdParam IdType id) {
        if (!id.isIdPartValidLong()) throw new ResourceNotFoundException(id);
        try {
            return OutsideResources.toFhir(outside.get(typeName, id.getIdPartAsLong()),
                    FhirContextHolder.R4.newJsonParser());
        } catch (NotFoundException missing) {
            throw new ResourceNotFoundException(id);
        }
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = "patient") ReferenceParam patient,
                                  @OptionalParam(name = "subject") ReferenceParam subject,
                                  @OptionalParam(name = "code") TokenParam code,
                                  @OptionalParam(name = "date") DateRangeParam date,
                                  @OptionalParam(name = "status") TokenParam status,
                                  @OptionalParam(name = "encounter") ReferenceParam encounter,
                                  @OptionalParam(name = "_lastUpdated") DateRangeParam lastUpdated,
                                  @Count Integer count, @Offset Integer offset) {
        ReferenceParam who = patient != null ? patient : subject;
        if (who == null) {
            throw new InvalidRequestException("patient", "Search " + typeName + " within a patient (patient=Patient/{id})");
        }
        long patientId = FhirReferences.patientId(who, "patient");
        Long encounterId = FhirReferences.encounterId(encounter);
        String codeValue = FhirSearch.token(code);
        String codeSystem = codeValue == null || code.getSystem() == null || code.getSystem().isBlank() ? null
                : code.getSystem().strip();
        FhirSearch.Window when = FhirSearch.window(date, "date");
        FhirSearch.Window changed = FhirSearch.window(lastUpdated, "_lastUpdated");
        var query = new OutsideResourceQuery(typeName, codeSystem, codeValue, FhirSearch.token(status), encounterId,
                when.from(), when.to(), changed.from(), changed.to());
        int from = FhirSearch.offset(offset);
        int size = FhirSearch.count(count);
        OutsideDataService.Results found = outside.search(patientId, query, from, size);
        var parser = FhirContextHolder.R4.newJsonParser();
        List<Resource> page = found.resources().stream().map(r -> OutsideResources.toFhir(r, parser)).toList();
        return FhirSearch.page(page, from, size, found.total());
    }
}

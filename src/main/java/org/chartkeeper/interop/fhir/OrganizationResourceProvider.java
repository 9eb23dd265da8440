package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.List;
import java.util.Locale;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.audit.AccessGate;
import org.chartkeeper.patient.PatientService;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;

/**
 * FHIR Organization: the hospital's facilities, which assign MRNs (id = facility code). Not patient information, but
 * every read and search needs {@code directory.read} and is recorded through the access gate.
 */
public class OrganizationResourceProvider implements IResourceProvider {

    private final PatientService patients;
    private final AccessGate gate;

    OrganizationResourceProvider(PatientService patients, AccessGate gate) {
        this.patients = patients;
        this.gate = gate;
    }

    @Override
    public Class<Organization> getResourceType() {
        return Organization.class;
    }

    @Read
    public Organization read(@IdParam IdType id) {
        return gate.directoryRead("Organization", id.getIdPart(), () -> patients.facilities().stream()
                .filter(f -> f.code().equals(id.getIdPart())).findFirst().map(FhirResourceMapping::organization)
                .orElseThrow(() -> new NotFoundException("Organization/" + id.getIdPart() + " is not known")));
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = Organization.SP_NAME) StringParam name,
                                  @OptionalParam(name = Organization.SP_IDENTIFIER) TokenParam identifier,
                                  @OptionalParam(name = "_lastUpdated") DateRangeParam lastUpdated,
                                  @Count Integer count, @Offset Integer offset) {
        String n = name == null ? null : name.getValue().toLowerCase(Locale.ROOT);
        String id = FhirSearch.token(identifier);
        FhirSearch.Window changed = FhirSearch.window(lastUpdated, "_lastUpdated");
        String criteria = "name=" + (name == null ? "" : name.getValue()) + " identifier=" + (id == null ? "" : id);
        List<Organization> out = gate.directorySearch("Organization", criteria, () -> patients.facilities().stream()
                .filter(f -> n == null || f.name().toLowerCase(Locale.ROOT).contains(n))
                .filter(f -> changed.contains(f.updatedAt()))
                .map(FhirResourceMapping::organization)
                .filter(o -> id == null || o.getIdentifier().stream().anyMatch(i -> id.equals(i.getValue())
                        && (identifier.getSystem() == null || identifier.getSystem().isBlank()
                        || identifier.getSystem().equals(i.getSystem()))))
                .toList());
        return FhirSearch.page(out, offset, count);
    }
}

package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import java.util.Locale;
import org.chartkeeper.patient.PatientService;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;

/** FHIR Organization: the hospital's facilities, which assign MRNs (id = facility code). */
public class OrganizationResourceProvider implements IResourceProvider {

    private final PatientService patients;

    OrganizationResourceProvider(PatientService patients) {
        this.patients = patients;
    }

    @Override
    public Class<Organization> getResourceType() {
        return Organization.class;
    }

    @Read
    public Organization read(@IdParam IdType id) {
        return patients.facilities().stream().filter(f -> f.code().equals(id.getIdPart())).findFirst()
                .map(FhirResourceMapping::organization).orElseThrow(() -> new ResourceNotFoundException(id));
    }

    @Search
    public List<Organization> search(@OptionalParam(name = Organization.SP_NAME) StringParam name) {
        String n = name == null ? null : name.getValue().toLowerCase(Locale.ROOT);
        return patients.facilities().stream()
                .filter(f -> n == null || f.name().toLowerCase(Locale.ROOT).contains(n))
                .map(FhirResourceMapping::organization).toList();
    }
}

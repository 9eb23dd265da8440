package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.encounter.ProviderService;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Practitioner;

/** FHIR Practitioner over the provider directory (not patient information). */
public class PractitionerResourceProvider implements IResourceProvider {

    private final ProviderService providers;

    PractitionerResourceProvider(ProviderService providers) {
        this.providers = providers;
    }

    @Override
    public Class<Practitioner> getResourceType() {
        return Practitioner.class;
    }

    @Read
    public Practitioner read(@IdParam IdType id) {
        if (!id.isIdPartValidLong()) throw new ResourceNotFoundException(id);
        return FhirResourceMapping.practitioner(providers.get(id.getIdPartAsLong()));
    }

    @Search
    public List<Practitioner> search(@OptionalParam(name = Practitioner.SP_NAME) StringParam name,
                                     @OptionalParam(name = Practitioner.SP_IDENTIFIER) TokenParam identifier,
                                     @Count Integer count) {
        if (identifier != null && identifier.getSystem() != null
                && !FhirResourceMapping.NPI_SYSTEM.equals(identifier.getSystem())) {
            throw new InvalidRequestException("identifier", "Practitioners are identified by NPI ("
                    + FhirResourceMapping.NPI_SYSTEM + ")");
        }
        return providers.search(name == null ? null : name.getValue(), identifier == null ? null : identifier.getValue(),
                count == null ? 100 : count).stream().map(FhirResourceMapping::practitioner).toList();
    }
}

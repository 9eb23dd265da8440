package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.audit.AccessGate;
import org.chartkeeper.encounter.ProviderService;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Practitioner;

/**
 * FHIR Practitioner over the provider directory: not patient information, but every read and search needs
 * {@code directory.read} and is recorded through the access gate.
 */
public class PractitionerResourceProvider implements IResourceProvider {

    private final ProviderService providers;
    private final AccessGate gate;

    PractitionerResourceProvider(ProviderService providers, AccessGate gate) {
        this.providers = providers;
        this.gate = gate;
    }

    @Override
    public Class<Practitioner> getResourceType() {
        return Practitioner.class;
    }

    @Read
    public Practitioner read(@IdParam IdType id) {
        return gate.directoryRead("Practitioner", id.getIdPart(), () -> {
            if (!id.isIdPartValidLong()) throw new NotFoundException("Practitioner/" + id.getIdPart() + " is not known");
            return FhirResourceMapping.practitioner(providers.get(id.getIdPartAsLong()));
        });
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = Practitioner.SP_NAME) StringParam name,
                                  @OptionalParam(name = Practitioner.SP_IDENTIFIER) TokenParam identifier,
                                  @OptionalParam(name = "_lastUpdated") DateRangeParam lastUpdated,
                                  @Count Integer count, @Offset Integer offset) {
        if (identifier != null && identifier.getSystem() != null && !identifier.getSystem().isBlank()
                && !FhirResourceMapping.NPI_SYSTEM.equals(identifier.getSystem())) {
            throw new InvalidRequestException("identifier", "Practitioners are identified by NPI ("
                    + FhirResourceMapping.NPI_SYSTEM + ")");
        }
        if (name != null && name.getValue().length() > 200) {
            throw new InvalidRequestException("name", "name is too long (at most 200 characters)");
        }
        int from = FhirSearch.offset(offset);
        int size = FhirSearch.count(count);
        FhirSearch.Window changed = FhirSearch.window(lastUpdated, "_lastUpdated");
        // the directory is small (a hospital's staff); read up to one past the page, then filter the window
        String criteria = "name=" + (name == null ? "" : name.getValue()) + " identifier="
                + (FhirSearch.token(identifier) == null ? "" : FhirSearch.token(identifier));
        List<Practitioner> found = gate.directorySearch("Practitioner", criteria, () -> providers.search(
                        name == null ? null : name.getValue(), FhirSearch.token(identifier),
                        lastUpdated == null ? from + size + 1 : FhirSearch.MAX_OFFSET + FhirSearch.MAX_COUNT + 1).stream()
                .filter(p -> changed.contains(p.updatedAt()))
                .map(FhirResourceMapping::practitioner).toList());
        return FhirSearch.pageOfMore(found, from, size);
    }
}

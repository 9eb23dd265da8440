package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** The one R4 context for hand-written answers (expensive to build, safe to share; parsers are per use). */
final class FhirContextHolder {
    static final FhirContext R4 = FhirContext.forR4Cached();

    static String json(IBaseResource resource) {
        return R4.newJsonParser().setPrettyPrint(false).encodeResourceToString(resource);
    }

    private FhirContextHolder() {}
}

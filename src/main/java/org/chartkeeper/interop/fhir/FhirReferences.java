package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.rest.param.ReferenceParam;
import org.chartkeeper.InvalidRequestException;

/** Reading references given as search parameters. */
final class FhirReferences {

    private FhirReferences() {}

    /** The patient id of {@code Patient/123} or {@code 123}; a clear error naming the parameter otherwise. */
    static long patientId(ReferenceParam ref, String parameter) {
        String type = ref.getResourceType();
        if (type != null && !"Patient".equals(type)) {
            throw new InvalidRequestException(parameter, parameter + " must reference a Patient");
        }
        String id = ref.getIdPart();
        if (id == null || !id.matches("\\d{1,18}")) {
            throw new InvalidRequestException(parameter, parameter + " must be Patient/{id} with a numeric id");
        }
        return Long.parseLong(id);
    }

    /** The encounter id of {@code Encounter/123} or {@code 123}, or null without the parameter; a clear error otherwise. */
    static Long encounterId(ReferenceParam encounter) {
        if (encounter == null) return null;
        String id = encounter.getIdPart();
        if (encounter.getResourceType() != null && !"Encounter".equals(encounter.getResourceType())
                || id == null || !id.matches("\\d{1,18}")) {
            throw new InvalidRequestException("encounter", "encounter must be Encounter/{id} with a numeric id");
        }
        return Long.parseLong(id);
    }
}

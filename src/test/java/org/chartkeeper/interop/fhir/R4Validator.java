package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

/** HAPI's instance validator against base R4: the errors (not warnings) it finds in what the server emitted. */
final class R4Validator {

    private static final FhirContext CONTEXT = FhirContext.forR4Cached();
    private static FhirValidator validator;

    private R4Validator() {}

    static synchronized List<String> errors(String json) {
        if (validator == null) {
            ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(CONTEXT),
                    new InMemoryTerminologyServerValidationSupport(CONTEXT),
                    new CommonCodeSystemsTerminologyService(CONTEXT));
            FhirInstanceValidator instance = new FhirInstanceValidator(chain);
            instance.setNoTerminologyChecks(false);
            validator = CONTEXT.newValidator().registerValidatorModule(instance);
        }
        return validator.validateWithResult(json).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(m -> m.getLocationString() + ": " + m.getMessage()).toList();
    }
}

package org.chartkeeper.interop.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.LenientErrorHandler;

/**
 * Parses leniently (an unknown element is ignored) but refuses an impossible value, such as a birth date of
 * 1980-02-30, naming the element. The message leaves the value out: HAPI logs refusals, and a value can be patient data.
 */
class FhirParserErrors extends LenientErrorHandler {

    FhirParserErrors() {
        super(false);
    }

    @Override
    public void invalidValue(IParseLocation location, String value, String error) {
        String element = location == null || location.getParentElementName() == null ? "resource"
                : location.getParentElementName();
        throw new InvalidElementException(element, "Invalid value for element '" + element + "': "
                + (error != null && error.toLowerCase(java.util.Locale.ROOT).contains("date") ? "not a possible date"
                : "not a valid value of its type"));
    }

    /** An element whose value cannot be what it says. */
    static class InvalidElementException extends DataFormatException {
        private final String element;

        InvalidElementException(String element, String message) {
            super(message);
            this.element = element;
        }

        String element() {
            return element;
        }
    }
}

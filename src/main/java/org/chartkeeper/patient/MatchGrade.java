package org.chartkeeper.patient;

/** The FHIR match-grade of a candidate (http://hl7.org/fhir/StructureDefinition/match-grade). */
public enum MatchGrade {
    CERTAIN("certain"), PROBABLE("probable"), POSSIBLE("possible"), CERTAINLY_NOT("certainly-not");

    private final String code;

    MatchGrade(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}

package org.chartkeeper.disclosure;

import java.util.Arrays;
import java.util.Locale;
import org.chartkeeper.InvalidRequestException;

/** Who asks for the records; decides which checks apply, the deadline, and under which rule a release is made. */
public enum RequesterType {
    PATIENT("Patient"),
    PERSONAL_REPRESENTATIVE("Personal representative"),
    PROVIDER("Provider (continuing care)"),
    PAYER("Payer"),
    ATTORNEY("Attorney"),
    GOVERNMENT("Government agency"),
    LAW_ENFORCEMENT("Law enforcement"),
    COURT_ORDER_SUBPOENA("Court order or subpoena"),
    RESEARCHER("Researcher"),
    WORKERS_COMP("Workers' compensation"),
    DISABILITY("Disability agency");

    private final String label;

    RequesterType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The individual's right of access (45 CFR 164.524): the patient or the patient's personal representative. */
    public boolean patientAccess() {
        return this == PATIENT || this == PERSONAL_REPRESENTATIVE;
    }

    /**
     * Requesters who need the patient's HIPAA authorization (164.508): no other rule permits the disclosure. (A
     * researcher needs an authorization or an IRB or privacy board waiver, 164.512(i): a check of its own.)
     */
    public boolean needsAuthorization() {
        return this == ATTORNEY || this == DISABILITY;
    }

    /** The rule a release to this requester is made under, when no authorization was given. */
    DisclosureCategory categoryWithoutAuthorization() {
        return switch (this) {
            case PATIENT, PERSONAL_REPRESENTATIVE -> DisclosureCategory.TO_PATIENT;
            case PROVIDER -> DisclosureCategory.TREATMENT;
            case PAYER -> DisclosureCategory.PAYMENT;
            case GOVERNMENT -> DisclosureCategory.HEALTH_OVERSIGHT;
            case LAW_ENFORCEMENT -> DisclosureCategory.LAW_ENFORCEMENT;
            case COURT_ORDER_SUBPOENA -> DisclosureCategory.JUDICIAL;
            case WORKERS_COMP -> DisclosureCategory.WORKERS_COMP;
            case RESEARCHER -> DisclosureCategory.RESEARCH_WAIVER;
            case ATTORNEY, DISABILITY -> DisclosureCategory.AUTHORIZATION;
        };
    }

    public static RequesterType parse(String field, String value) {
        if (value == null || value.isBlank()) throw new InvalidRequestException(field, "Give the requester type");
        String v = value.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return Arrays.stream(values()).filter(t -> t.name().equals(v)).findFirst()
                .orElseThrow(() -> new InvalidRequestException(field, "Unknown requester type '" + value.strip()
                        + "'; one of " + Arrays.stream(values()).map(RequesterType::code).toList()));
    }
}

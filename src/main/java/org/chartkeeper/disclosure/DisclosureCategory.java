package org.chartkeeper.disclosure;

import java.util.Arrays;
import java.util.Locale;
import org.chartkeeper.InvalidRequestException;

/**
 * The rule a disclosure was made under. {@code exempt}: left out of the patient's accounting by 45 CFR
 * 164.528(a)(1) (treatment, payment and operations; to the patient; under an authorization; facility directory;
 * national security; correctional institutions; limited data sets; incidental disclosures).
 */
public enum DisclosureCategory {
    TREATMENT("Treatment", true),
    PAYMENT("Payment", true),
    OPERATIONS("Health care operations", true),
    TO_PATIENT("To the patient or personal representative", true),
    AUTHORIZATION("Under the patient's authorization", true),
    FACILITY_DIRECTORY("Facility directory or persons involved in care", true),
    NATIONAL_SECURITY("National security or intelligence", true),
    CORRECTIONAL("Correctional institution or law enforcement custody", true),
    LIMITED_DATA_SET("Limited data set", true),
    INCIDENTAL("Incidental to a permitted disclosure", true),
    PUBLIC_HEALTH("Public health", false),
    HEALTH_OVERSIGHT("Health oversight", false),
    LAW_ENFORCEMENT("Law enforcement", false),
    JUDICIAL("Court order or subpoena", false),
    REQUIRED_BY_LAW("Required by law", false),
    ABUSE_REPORT("Report of abuse, neglect or domestic violence", false),
    RESEARCH_WAIVER("Research under an IRB waiver", false),
    WORKERS_COMP("Workers' compensation", false),
    DECEDENT("Coroner, medical examiner or funeral director", false),
    ORGAN_DONATION("Organ and tissue donation", false),
    SERIOUS_THREAT("To avert a serious threat to health or safety", false);

    private final String label;
    private final boolean exempt;

    DisclosureCategory(String label, boolean exempt) {
        this.label = label;
        this.exempt = exempt;
    }

    public String label() {
        return label;
    }

    public boolean exempt() {
        return exempt;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static DisclosureCategory parse(String field, String value) {
        if (value == null || value.isBlank()) throw new InvalidRequestException(field, "Give the disclosure's category");
        String v = value.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return Arrays.stream(values()).filter(t -> t.name().equals(v)).findFirst()
                .orElseThrow(() -> new InvalidRequestException(field, "Unknown category '" + value.strip() + "'; one of "
                        + Arrays.stream(values()).map(DisclosureCategory::code).toList()));
    }
}

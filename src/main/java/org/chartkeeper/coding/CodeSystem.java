package org.chartkeeper.coding;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/**
 * The code systems Chartkeeper keeps. ICD-10-CM and ICD-10-PCS versions run by federal fiscal year (FY2026 is
 * 2025-10-01 to 2026-09-30); HCPCS Level II and CPT by calendar year.
 */
public enum CodeSystem {
    ICD10CM("ICD-10-CM", true, 7),
    ICD10PCS("ICD-10-PCS", true, 7),
    HCPCS("HCPCS", false, 5),
    CPT("CPT", false, 5);

    private final String label;
    private final boolean fiscalYear;
    private final int maxCodeLength;

    CodeSystem(String label, boolean fiscalYear, int maxCodeLength) {
        this.label = label;
        this.fiscalYear = fiscalYear;
        this.maxCodeLength = maxCodeLength;
    }

    public String label() {
        return label;
    }

    public int maxCodeLength() {
        return maxCodeLength;
    }

    /** "FY2026" for fiscal-year systems, "2019" otherwise. */
    public String yearLabel(int year) {
        return fiscalYear ? "FY" + year : Integer.toString(year);
    }

    public LocalDate effectiveFrom(int year) {
        return fiscalYear ? LocalDate.of(year - 1, 10, 1) : LocalDate.of(year, 1, 1);
    }

    public LocalDate effectiveTo(int year) {
        return fiscalYear ? LocalDate.of(year, 9, 30) : LocalDate.of(year, 12, 31);
    }

    /** The year whose version covers this date (FY2026 for 2025-10-15). */
    public int yearOf(LocalDate date) {
        return fiscalYear && date.getMonthValue() >= 10 ? date.getYear() + 1 : date.getYear();
    }

    /** A code as stored: upper case, no dot, no spaces. */
    public static String normalize(String code) {
        return code == null ? "" : code.strip().replace(".", "").replace(" ", "").toUpperCase(Locale.ROOT);
    }

    /** A code as people read it: ICD-10-CM with a dot after the category (E11.9); the others as stored. */
    public String display(String code) {
        return this == ICD10CM && code.length() > 3 ? code.substring(0, 3) + "." + code.substring(3) : code;
    }

    /** Accepts the enum name or the label, any case, with or without the dash ("icd10cm", "ICD-10-CM", "cm"). */
    public static Optional<CodeSystem> parse(String text) {
        if (text == null) return Optional.empty();
        String t = text.strip().toUpperCase(Locale.ROOT).replace("-", "").replace(" ", "").replace("_", "");
        return switch (t) {
            case "ICD10CM", "CM" -> Optional.of(ICD10CM);
            case "ICD10PCS", "PCS" -> Optional.of(ICD10PCS);
            case "HCPCS", "HCPCSLEVELII", "HCPCS2" -> Optional.of(HCPCS);
            case "CPT", "CPT4" -> Optional.of(CPT);
            default -> Optional.empty();
        };
    }
}

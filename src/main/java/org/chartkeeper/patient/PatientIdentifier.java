package org.chartkeeper.patient;

/**
 * An identifier the patient is known by: its type (MRN, ...), its value, the facility and authority that assigned
 * it, its HL7 v2 table 0203 type code (MR, PI, ...) and whether it is active or retired (kept after a merge).
 */
public record PatientIdentifier(String type, String value, String facilityCode, String facilityName,
                                String assigningAuthority, String typeCode, String status) {

    public boolean active() {
        return "active".equals(status);
    }

    /** What people call an identifier of this HL7 v2 type. */
    static String label(String typeCode) {
        return switch (typeCode == null ? "" : typeCode) {
            case "MR" -> "MRN";
            case "PI" -> "Patient id";
            case "PT" -> "Patient external id";
            case "AN" -> "Account number";
            case "DL" -> "Driver's license";
            case "PPN" -> "Passport";
            case "MA" -> "Medicaid number";
            case "MC" -> "Medicare number";
            case "MB" -> "Member number";
            case "SB" -> "Social beneficiary id";
            default -> typeCode;
        };
    }
}

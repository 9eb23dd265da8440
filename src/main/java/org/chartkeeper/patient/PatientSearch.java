package org.chartkeeper.patient;

import java.time.LocalDate;

/** Search criteria; any combination, at least one. Sent in a POST body, never in a URL. */
public record PatientSearch(String name, LocalDate birthDate, String mrn) {

    public boolean isEmpty() {
        return (name == null || name.isBlank()) && birthDate == null && (mrn == null || mrn.isBlank());
    }

    /** Which criteria were used, without their values (the audit trail records this, not the values). */
    public String describe() {
        StringBuilder b = new StringBuilder("criteria:");
        if (name != null && !name.isBlank()) b.append(" name");
        if (birthDate != null) b.append(" birthDate");
        if (mrn != null && !mrn.isBlank()) b.append(" mrn");
        return b.toString();
    }
}

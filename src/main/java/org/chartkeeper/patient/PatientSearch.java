package org.chartkeeper.patient;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.chartkeeper.InvalidRequestException;

/** Search criteria; any combination, at least one. Sent in a POST body, never in a URL. */
public record PatientSearch(String name, LocalDate birthDate, String mrn) {

    /** Criteria as a form or a JSON body gives them; a date of birth that is not yyyy-MM-dd is refused, named. */
    public static PatientSearch of(String name, String birthDate, String mrn) {
        LocalDate birth = null;
        if (birthDate != null && !birthDate.isBlank()) {
            try {
                birth = LocalDate.parse(birthDate.strip());
            } catch (DateTimeParseException e) {
                throw new InvalidRequestException("birthDate", "Date of birth must be a date in the form yyyy-MM-dd");
            }
        }
        return new PatientSearch(name == null ? null : name.strip(), birth, mrn == null ? null : mrn.strip());
    }

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

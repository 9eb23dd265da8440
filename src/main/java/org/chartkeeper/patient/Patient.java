package org.chartkeeper.patient;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;

/** A patient's current demographics as the chart shows them. */
public record Patient(long id, String facilityCode, String mrn, String familyName, String givenName, String middleName,
                      LocalDate birthDate, String sex, String addressLine, String city, String state,
                      String postalCode, String phone, String email, String ssnLast4, boolean restricted,
                      Instant createdAt, Instant updatedAt, int version, String language, String race,
                      String ethnicity, String status, Long mergedInto) {

    public String displayName() {
        return familyName + ", " + givenName + (middleName == null || middleName.isBlank() ? "" : " " + middleName);
    }

    public int ageOn(LocalDate date) {
        return Period.between(birthDate, date).getYears();
    }

    /** A merged (retired) record: its information now lives on {@link #mergedInto()}. */
    public boolean merged() {
        return "merged".equals(status);
    }

    /** Race as OMB category names, for display. */
    public String raceText() {
        return Race.describe(race);
    }

    public String ethnicityText() {
        return Ethnicity.describe(ethnicity);
    }

    public String maskedSsn() {
        return ssnLast4 == null ? null : "***-**-" + ssnLast4;
    }
}

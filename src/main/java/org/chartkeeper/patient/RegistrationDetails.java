package org.chartkeeper.patient;

/**
 * What registration records beside the {@link Demographics}: the registering facility (its MRN is assigned there;
 * null means the hospital's main facility), the USCDI language (BCP 47 code), race (comma-separated OMB codes) and
 * ethnicity (OMB code), and where the registration came from (kept in the patient's history).
 */
public record RegistrationDetails(String facilityCode, String language, String race, String ethnicity, String source) {

    public static RegistrationDetails from(String source) {
        return new RegistrationDetails(null, null, null, null, source);
    }
}

package org.chartkeeper.audit;

import java.util.Optional;

/**
 * Facts about a patient the access gate needs, supplied by the patient index (so that audit does not depend on it).
 */
public interface PatientAccessPolicy {

    /** Empty when no such patient exists; otherwise whether the chart is restricted (VIP, employee, confidential). */
    Optional<Boolean> restricted(long patientId);

    /** Whether the user is attending physician on any of the patient's encounters. */
    boolean inCareOf(long userId, long patientId);
}

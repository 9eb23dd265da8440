package org.chartkeeper.audit;

import java.util.Optional;

/**
 * Facts about a patient the access gate needs, supplied by the patient index (so that audit does not depend on it).
 */
public interface PatientAccessPolicy {

    /** Empty when no such patient exists; otherwise whether the chart is restricted (VIP, employee, confidential). */
    Optional<Boolean> restricted(long patientId);

    /** {@link #restricted(long)} for many patients at once (bulk paths); patients that do not exist are left out. */
    default java.util.Map<Long, Boolean> restricted(java.util.Collection<Long> patientIds) {
        java.util.Map<Long, Boolean> out = new java.util.HashMap<>();
        for (long id : patientIds) restricted(id).ifPresent(r -> out.put(id, r));
        return out;
    }

    /** Whether the user is attending physician on any of the patient's encounters. */
    boolean inCareOf(long userId, long patientId);
}

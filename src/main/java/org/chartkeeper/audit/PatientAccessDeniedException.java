package org.chartkeeper.audit;

/** A refused access to a patient's information (already audited when thrown). */
public class PatientAccessDeniedException extends RuntimeException {

    private final long patientId;
    private final boolean breakGlassAvailable;

    public PatientAccessDeniedException(long patientId, boolean breakGlassAvailable) {
        super("You are not permitted to open this patient's record");
        this.patientId = patientId;
        this.breakGlassAvailable = breakGlassAvailable;
    }

    public long patientId() {
        return patientId;
    }

    /** The user may open it anyway through emergency access, giving a reason. */
    public boolean breakGlassAvailable() {
        return breakGlassAvailable;
    }
}

package org.chartkeeper.audit;

public class PatientNotFoundException extends RuntimeException {
    public PatientNotFoundException(long patientId) {
        super("No patient with id " + patientId);
    }
}

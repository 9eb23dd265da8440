package org.chartkeeper.audit;

/** The audit event could not be written, so the access it would have recorded is refused (fail closed). */
public class AuditUnavailableException extends RuntimeException {
    public AuditUnavailableException(Throwable cause) {
        super("The audit trail could not record this access, so it was refused", cause);
    }
}

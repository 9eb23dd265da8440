package org.chartkeeper.disclosure;

import java.time.Instant;

/** A letter generated from a template about one subject (a request, an accounting request, an amendment request). */
public record Letter(long id, long patientId, String templateCode, String templateName, String subjectType,
                     long subjectId, Instant createdAt, String createdBy) {

    public static final String REQUEST = "RoiRequest";
    public static final String ACCOUNTING_REQUEST = "AccountingRequest";
    public static final String AMENDMENT = "AmendmentRequest";
}

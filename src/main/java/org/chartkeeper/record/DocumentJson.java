package org.chartkeeper.record;

import java.time.Instant;

/** A document as the JSON API shows it (status as its code: draft, final, signed, amended, entered-in-error). */
record DocumentJson(long id, long patientId, Long encounterId, String type, String typeName, String kind, String source,
                    String title, Long authorProviderId, String authorName, Instant serviceAt, String status,
                    boolean authenticated, boolean awaitingCosignature, int currentVersion, Instant signedAt,
                    String signedBy, Instant cosignedAt, String cosigner, Long amends, String relation,
                    String enteredInErrorReason, boolean legalHold, String mediaType, String fileName, Integer pageCount,
                    long sizeBytes, int version) {

    static DocumentJson of(Document d) {
        return new DocumentJson(d.id(), d.patientId(), d.encounterId(), d.typeCode(), d.typeName(), d.kind(), d.source(),
                d.title(), d.authorProviderId(), d.authorName(), d.serviceAt(), d.status().code(), d.authenticated(),
                d.awaitingCosignature(), d.currentVersion(), d.signedAt(), d.signedByName(), d.cosignedAt(),
                d.cosignerName(), d.parentId(), d.relation(), d.errorReason(), d.legalHold(), d.mediaType(), d.fileName(),
                d.pageCount(), d.sizeBytes(), d.version());
    }
}

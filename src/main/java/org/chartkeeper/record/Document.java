package org.chartkeeper.record;

import java.time.Instant;

/**
 * A document of the legal health record, as of its current version. {@code kind} is {@code text} (typed or
 * dictated) or {@code file} (uploaded or scanned); {@code parentId} with {@code relation} ({@code addendum} or
 * {@code amendment}) links a later change to the original it changes. {@code sourceSystem} and
 * {@code sourceIdentifier}: the sender's identifier of a document received from another system (else null).
 */
public record Document(
        long id,
        long patientId,
        Long encounterId,
        String typeCode,
        String typeName,
        String kind,
        String source,
        String title,
        Long authorProviderId,
        String authorName,
        Instant serviceAt,
        DocumentStatus status,
        int currentVersion,
        Instant signedAt,
        String signedByName,
        boolean cosignRequired,
        Instant cosignedAt,
        String cosignerName,
        Long parentId,
        String relation,
        String errorReason,
        Instant errorAt,
        boolean legalHold,
        int retentionYears,
        Instant createdAt,
        Instant updatedAt,
        String mediaType,
        String fileName,
        Integer pageCount,
        long sizeBytes,
        int version,
        String sourceSystem,
        String sourceIdentifier) {

    public boolean locked() {
        return status.locked();
    }

    /** Signed by a resident and not yet co-signed by a supervising physician. */
    public boolean awaitingCosignature() {
        return cosignRequired && signedAt != null && cosignedAt == null;
    }

    /** Signed (and co-signed where a resident wrote it), or filed complete without needing a signature. */
    public boolean authenticated() {
        return status == DocumentStatus.FINAL
                || (status == DocumentStatus.SIGNED || status == DocumentStatus.AMENDED) && !awaitingCosignature();
    }

    public boolean isFile() {
        return "file".equals(kind);
    }

    public boolean enteredInError() {
        return status == DocumentStatus.ENTERED_IN_ERROR;
    }
}

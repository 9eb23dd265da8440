package org.chartkeeper.audit;

/** What kind of information an event touched. */
public enum DataCategory {
    DEMOGRAPHICS, ENCOUNTERS, CLINICAL_DOCUMENTS, CODING, DISCLOSURES, WORK_QUEUE, AUDIT_TRAIL, SECURITY,
    /** The provider directory and the facilities: not patient information, read under {@code directory.read}. */
    DIRECTORY,
    /**
     * Clinical data received from other systems (results, medications, allergies, immunizations, care plans, claims):
     * a FHIR import keeps them as received.
     */
    CLINICAL_DATA
}

package org.chartkeeper.audit;

/** What kind of information an event touched. */
public enum DataCategory {
    DEMOGRAPHICS, ENCOUNTERS, CLINICAL_DOCUMENTS, CODING, DISCLOSURES, WORK_QUEUE, AUDIT_TRAIL, SECURITY
}

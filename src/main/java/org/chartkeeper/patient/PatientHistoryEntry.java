package org.chartkeeper.patient;

import java.time.Instant;

/** One change to a patient's demographics: which field, what it was, what it became, who and when. */
public record PatientHistoryEntry(long id, Instant changedAt, String changedBy, String field, String oldValue,
                                  String newValue) {}

package org.chartkeeper.patient;

/** An existing patient who may be the person being registered or matched, with the matcher's verdict. */
public record LikelyMatch(PatientRecord record, MatchResult match) {}

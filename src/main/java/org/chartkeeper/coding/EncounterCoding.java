package org.chartkeeper.coding;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The coded abstract of one encounter: diagnoses (the first is the principal, with present-on-admission indicators
 * for inpatients), procedures with dates, abstracted fields, and the edits as they stand. {@code status}:
 * {@code not-started}, {@code in-progress} or {@code final} (locked until reopened with a reason).
 */
public record EncounterCoding(long encounterId, long patientId, String encounterClass, LocalDate dischargeDate,
                              String status, String admitSource, String dischargeDisposition,
                              List<CodedDiagnosis> diagnoses, List<CodedProcedure> procedures,
                              List<CodingFinding> edits, Instant finalizedAt, String finalizedBy, int version) {

    public record CodedDiagnosis(int sequence, boolean principal, String code, String display, String title, String poa) {}

    public record CodedProcedure(int sequence, CodeSystem system, String code, String display, String title,
                                 LocalDate date) {}
}

package org.chartkeeper.coding;

import java.time.LocalDate;
import java.util.List;

/**
 * A coder's whole abstract for an encounter, as saved: diagnoses in sequence (the first is the principal), procedures
 * in sequence, abstracted fields, and the version last read (0 for a new abstract).
 */
public record CodingChange(List<Diagnosis> diagnoses, List<Procedure> procedures, String admitSource,
                           String dischargeDisposition, Integer version) {

    public record Diagnosis(String code, String poa) {}

    public record Procedure(String system, String code, LocalDate date) {}
}

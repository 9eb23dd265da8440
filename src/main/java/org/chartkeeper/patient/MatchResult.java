package org.chartkeeper.patient;

import java.util.List;

/** One candidate for a person: which patient, how likely (0..1), the grade, and why (one line per field compared). */
public record MatchResult(long patientId, double score, MatchGrade grade, List<String> explanation) {}

package org.chartkeeper.disclosure;

import java.time.LocalDate;

/** A patient the request may be about, as intake shows it: the match grade when found by demographics. */
public record PatientCandidate(long id, String mrn, String name, LocalDate birthDate, String match) {}

package org.chartkeeper.disclosure;

import java.time.LocalDate;

/** One disclosure on file: when, to whom, what, why, under which rule; {@code requestId} when a release made it. */
public record Disclosure(long id, long patientId, LocalDate disclosedOn, String recipientName, String recipientAddress,
                         String description, String purpose, DisclosureCategory category, Long requestId) {}

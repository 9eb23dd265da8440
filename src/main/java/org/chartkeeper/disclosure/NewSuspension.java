package org.chartkeeper.disclosure;

/** An agency's written (or oral, documented) statement asking to suspend the accounting of its disclosures. */
public record NewSuspension(String agency, String statement, String suspendedUntil) {}

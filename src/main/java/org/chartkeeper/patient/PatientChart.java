package org.chartkeeper.patient;

import java.util.List;

/**
 * What the chart header and its demographics and identifiers cards show, read under one audited access.
 * {@code emergencyAccess} is true when the user sees it only through an active break-the-glass grant.
 */
public record PatientChart(Patient patient, List<PatientIdentifier> identifiers, boolean emergencyAccess) {}

package org.chartkeeper.disclosure;

import java.util.List;

/** A request's page: the request, its patient, its checklist, its history and its clock. */
public record RequestView(RoiRequest request, PatientCandidate patient, ValidationChecklist checklist,
                          List<RequestHistoryEntry> history, String clock, boolean overdue) {}

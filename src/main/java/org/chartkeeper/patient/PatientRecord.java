package org.chartkeeper.patient;

import java.util.List;

/** A patient with all their identifiers, as an interface (FHIR, a search result list) shows them. */
public record PatientRecord(Patient patient, List<PatientIdentifier> identifiers) {}

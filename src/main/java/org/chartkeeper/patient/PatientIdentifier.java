package org.chartkeeper.patient;

/** An identifier the patient is known by: its type (MRN), its value, and the facility and authority that assigned it. */
public record PatientIdentifier(String type, String value, String facilityCode, String facilityName,
                                String assigningAuthority) {}

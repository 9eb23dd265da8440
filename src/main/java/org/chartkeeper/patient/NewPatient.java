package org.chartkeeper.patient;

/** One person to register in a bulk registration. */
public record NewPatient(Demographics demographics, RegistrationDetails details) {}

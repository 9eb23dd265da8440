package org.chartkeeper.disclosure;

/** A request to an outside facility as entered; {@code sentOn} yyyy-MM-dd. */
public record NewOutgoingRequest(Long patientId, String facility, String facilityContact, String askedFor,
                                 String purpose, String sentOn) {}

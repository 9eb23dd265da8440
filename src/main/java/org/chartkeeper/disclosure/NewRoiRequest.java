package org.chartkeeper.disclosure;

/**
 * A request as intake receives it (JSON body or form); dates are yyyy-MM-dd. {@code authorization} may be null
 * (nothing found yet).
 */
public record NewRoiRequest(Long patientId, String receivedOn, String channel, String requesterType,
                            String requesterName, String requesterAddress, String askedEncounters, String askedFrom,
                            String askedTo, String askedDocumentTypes, String purpose, String format, String delivery,
                            AuthorizationForm authorization) {}

package org.chartkeeper.disclosure;

/** A patient's request to amend one document as taken in; dates yyyy-MM-dd. */
public record NewAmendmentRequest(Long patientId, Long documentId, String receivedOn, String requestedBy,
                                  String whatIsWrong, String proposedChange) {}

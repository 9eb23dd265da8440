package org.chartkeeper.interop.hl7v2;

import java.time.Instant;

/**
 * A message as the intake keeps it: as received ({@code content}), the technician's correction if any, what became of
 * it (processed, failed, discarded), the error and where it is, and the acknowledgement sent.
 */
public record Hl7Message(long id, String sender, String controlId, String messageType, String event, String version,
                         Instant receivedAt, String remoteAddress, String status, String content,
                         String correctedContent, String errorLocation, String errorCode, String errorText,
                         String answer, Instant processedAt, int attempts, String discardedBy, String discardReason,
                         int rowVersion) {

    public boolean failed() {
        return "failed".equals(status);
    }

    /** The text to correct with one segment a line, as a text area shows it. */
    public String editableText() {
        return Hl7Text.normalize(workingText()).replace('\r', '\n');
    }

    /** The text to correct: the last correction, else the message as received. */
    public String workingText() {
        return correctedContent != null ? correctedContent : content;
    }
}

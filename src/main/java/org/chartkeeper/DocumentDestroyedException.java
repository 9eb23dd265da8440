package org.chartkeeper;

/** The document was destroyed under the retention schedule: its content no longer exists (410 Gone). */
public class DocumentDestroyedException extends RuntimeException {

    public DocumentDestroyedException(String message) {
        super(message);
    }
}

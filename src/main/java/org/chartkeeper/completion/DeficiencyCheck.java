package org.chartkeeper.completion;

/**
 * How a rule is checked. DOCUMENT: a document of the rule's types is completed (signed, or filed final) within the
 * window, a draft leaving it unsigned; SIGNATURE: each such document (with the rule's signature_types flag, of every
 * type that requires a signature) is signed by its author within the window; COSIGNATURE: a resident's signed document
 * is co-signed within the window; RECORD_COMPLETE: nothing is left open once the window after discharge has passed.
 */
public enum DeficiencyCheck {
    DOCUMENT, SIGNATURE, COSIGNATURE, RECORD_COMPLETE
}

package org.chartkeeper.disclosure;

import org.chartkeeper.record.Document;

/**
 * A document of the patient's chart as the selection shows it: whether it is within what the request asked for,
 * its sensitive category (by type or flag) and, when ticked, its selection.
 */
public record ReleaseCandidate(Document document, boolean inScope, SensitiveCategory category,
                               ReleaseSelection selection) {}

package org.chartkeeper.disclosure;

import java.time.Instant;

/** An editable letter template: plain text with {@code {{field}}} placeholders from {@link LetterService#FIELDS}. */
public record LetterTemplate(String code, String name, String body, Instant updatedAt, String updatedBy, int version) {}

package org.chartkeeper.encounter;

/** A physician or other provider who attends encounters and authors documents, identified by NPI. */
public record Provider(long id, String npi, String name, String specialty, java.time.Instant updatedAt) {}

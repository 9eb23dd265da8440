package org.chartkeeper.coding;

import java.util.List;

/** A chapter with its top-level codes (ICD-10-CM categories, ICD-10-PCS tables) in one version. */
public record ChapterView(Chapter chapter, long versionId, String version, List<CodeRef> codes) {}

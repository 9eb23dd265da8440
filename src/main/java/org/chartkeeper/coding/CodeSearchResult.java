package org.chartkeeper.coding;

import java.time.LocalDate;
import java.util.List;

/** The answer to a code search: the codes, and which code-set versions were searched for that date. */
public record CodeSearchResult(String query, LocalDate date, List<CodeMatch> results, List<String> versions,
                               List<String> notes, long micros) {}

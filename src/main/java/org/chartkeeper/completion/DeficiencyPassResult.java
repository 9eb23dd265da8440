package org.chartkeeper.completion;

/** What an analysis pass changed, and how long it took. */
public record DeficiencyPassResult(int rules, int opened, int resolved, int reopened, int retired, long millis) {}

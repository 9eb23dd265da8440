package org.chartkeeper.completion;

/** Open deficiencies of one group (a provider, a department) by age past due. */
public record DeficiencySummary(Long id, String name, long open, long notDue, long days0to7, long days8to14,
                                long days15to21, long days22to30, long over30) {}

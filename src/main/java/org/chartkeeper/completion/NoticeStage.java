package org.chartkeeper.completion;

/**
 * A notice stage: once a deficiency is {@code daysOverdue} days past due, its provider's notice of this stage goes to
 * the audience: provider (a reminder), chief (the department chief), suspension (the provider is on the list).
 */
public record NoticeStage(String code, String name, int daysOverdue, String audience, boolean active, int version) {}

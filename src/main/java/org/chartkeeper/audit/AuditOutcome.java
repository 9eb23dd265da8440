package org.chartkeeper.audit;

public enum AuditOutcome { SUCCESS, DENIED, NOT_FOUND, FAILURE }

package org.chartkeeper.disclosure;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The invoice for a request's release package. status: unpaid, paid, waived. */
public record Invoice(long id, String invoiceNo, long requestId, long packageId, String scheduleCode, int pages,
                      List<FeeLine> lines, BigDecimal total, String status, String statusNote, LocalDate paidOn,
                      Instant createdAt, int version) {}

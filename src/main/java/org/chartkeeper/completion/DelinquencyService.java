package org.chartkeeper.completion;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.chartkeeper.audit.AccessGate;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.AuditEntry;
import org.chartkeeper.audit.AuditOutcome;
import org.chartkeeper.audit.AuditService;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.PermissionService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * The delinquency report (CMS 482.24(c)(4)(viii): the record complete within 30 days of discharge). The delinquency
 * rate is delinquent records over the average monthly discharges of the last three months, in percent; at or above
 * chartkeeper.completion.delinquency-alert-percent (default 50) it is shown as an alert.
 */
@Service
public class DelinquencyService {

    static final int RECORD_LIMIT = 1000;

    private final DelinquencyRepository delinquency;
    private final AccessGate gate;
    private final AuditService audit;
    private final PermissionService permissions;
    private final Clock clock;
    private final int alertPercent;

    public DelinquencyService(DelinquencyRepository delinquency, AccessGate gate, AuditService audit,
                              PermissionService permissions, Clock clock,
                              @Value("${chartkeeper.completion.delinquency-alert-percent:50}") int alertPercent) {
        this.delinquency = delinquency;
        this.gate = gate;
        this.audit = audit;
        this.permissions = permissions;
        this.clock = clock;
        this.alertPercent = alertPercent;
    }

    /** The report now; needs completion.read; audited as a list of the patients whose records it names. */
    public DelinquencyReport report(int months) {
        if (!permissions.has(CurrentUser.require(), DeficiencyService.READ)) {
            audit.record(AuditEntry.of(AuditAction.VIEW, DataCategory.CLINICAL_DOCUMENTS, AuditOutcome.DENIED)
                    .withResource("DelinquencyReport", null).withDetail("refused: needs completion.read"));
            throw new AccessDeniedException("The delinquency report needs completion.read");
        }
        if (months < 1 || months > 36) throw new org.chartkeeper.InvalidRequestException("months", "Months is 1 to 36");
        Instant now = clock.instant();
        List<DelinquencyReport.Record> records = delinquency.records(RECORD_LIMIT);
        long delinquent = delinquency.delinquentAt(now);
        double average = average(now);
        double rate = rate(delinquent, average);
        List<DelinquencyReport.Month> trend = new ArrayList<>();
        YearMonth current = YearMonth.from(LocalDate.ofInstant(now, ZoneOffset.UTC));
        for (int i = months - 1; i >= 0; i--) {
            YearMonth m = current.minusMonths(i);
            Instant start = m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            Instant end = i == 0 ? now : m.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            long d = delinquency.delinquentAt(end);
            trend.add(new DelinquencyReport.Month(m.atDay(1), d, delinquency.discharges(start, end), rate(d, average(end))));
        }
        gate.list(DataCategory.CLINICAL_DOCUMENTS, "DelinquencyReport",
                records.stream().map(DelinquencyReport.Record::patientId).toList(), "delinquency report");
        return new DelinquencyReport(now, delinquent, average, rate, alertPercent, rate >= alertPercent, records,
                delinquency.byProvider(), trend);
    }

    /** The report as CSV: the delinquent records, then the figures. */
    public String csv(DelinquencyReport r) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT)) {
            csv.printRecord("mrn", "account", "department", "attending", "discharged", "delinquent_since", "open_items");
            for (var d : r.records()) {
                csv.printRecord(d.mrn(), d.accountNumber(), d.department(), d.attendingName(), d.dischargeAt(),
                        d.delinquentSince(), d.openItems());
            }
            csv.println();
            csv.printRecord("month", "delinquent_at_month_end", "discharges", "rate_percent");
            for (var m : r.trend()) csv.printRecord(m.month(), m.delinquent(), m.discharges(), String.format("%.1f", m.ratePercent()));
            csv.println();
            csv.printRecord("provider", "delinquent_records", "open_items");
            for (var p : r.byProvider()) csv.printRecord(p.providerName(), p.records(), p.items());
            csv.println();
            csv.printRecord("delinquent_records", "average_monthly_discharges", "rate_percent", "alert_percent", "alert");
            csv.printRecord(r.delinquentRecords(), String.format("%.1f", r.averageMonthlyDischarges()),
                    String.format("%.1f", r.ratePercent()), r.alertPercent(), r.alert());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private double average(Instant at) {
        return delinquency.discharges(at.minus(java.time.Duration.ofDays(90)), at) / 3.0;
    }

    private static double rate(long delinquent, double average) {
        return average == 0 ? (delinquent == 0 ? 0 : 100) : Math.round(delinquent * 1000.0 / average) / 10.0;
    }
}

package org.chartkeeper.audit;

import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Streams an audit report as CSV (RFC 4180, header row) to the response, one row at a time. */
final class AuditCsv {

    static final String[] HEADER = {"seq", "time_utc", "user_id", "username", "roles", "patient_id", "mrn", "action",
            "category", "resource_type", "resource_id", "outcome", "source_address", "session_ref", "reason", "detail"};
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private AuditCsv() {}

    static String filename(Instant now) {
        return "audit-events-" + FILE_TIME.format(now) + ".csv";
    }

    static void write(AuditReportService reports, AuditQuery query, HttpServletResponse response) throws IOException {
        var printer = new CSVPrinter[1];
        reports.export(query, () -> {
            // only once the query is valid and the export recorded: before that, errors get a normal answer
            response.setContentType("text/csv;charset=UTF-8");
            response.setHeader("Content-Disposition", "attachment; filename=\"" + filename(Instant.now()) + "\"");
            response.setHeader("Cache-Control", "no-store");
            try {
                BufferedWriter out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
                printer[0] = CSVFormat.RFC4180.builder().setHeader(HEADER).get().print(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, row -> {
            CSVPrinter csv = printer[0];
            try {
                csv.printRecord(row.seq(), row.time().truncatedTo(ChronoUnit.MICROS), row.userId(), cell(row.username()),
                        cell(row.roles()), row.patientId(), cell(row.mrn()), row.action(), row.category(),
                        cell(row.resourceType()), cell(row.resourceId()), row.outcome(), cell(row.source()),
                        cell(row.sessionRef()), cell(row.reason()), cell(row.detail()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        printer[0].flush();
    }

    /**
     * Text a user typed (a break-the-glass reason, a username tried at login) must not run as a formula when the
     * export is opened in a spreadsheet (OWASP "CSV injection"): a leading = + - @ tab or CR gets a quote prefix.
     */
    static String cell(String value) {
        if (value == null || value.isEmpty()) return value;
        char c = value.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + value : value;
    }
}

package org.chartkeeper.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.chartkeeper.ChartkeeperProperties;
import org.chartkeeper.disclosure.AccountingRequest;
import org.chartkeeper.disclosure.AccountingRequestService;
import org.chartkeeper.disclosure.AmendmentRequest;
import org.chartkeeper.disclosure.AmendmentService;
import org.chartkeeper.disclosure.LetterService;
import org.chartkeeper.disclosure.NewAccountingRequest;
import org.chartkeeper.disclosure.NewAmendmentRequest;
import org.chartkeeper.disclosure.NewDisclosure;
import org.chartkeeper.disclosure.DisclosureService;
import org.chartkeeper.disclosure.NewOutgoingRequest;
import org.chartkeeper.disclosure.OutgoingRequest;
import org.chartkeeper.disclosure.OutgoingService;
import org.chartkeeper.record.ScanFile;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo hospital's patient-rights desk, made through the services as the demo users would (so every step is
 * audited and letters are real PDFs): requests to amend Dr. Jones's notes (pending, accepted into the chart, denied
 * with the patient's disagreement and our rebuttal), requests to outside facilities (sent, overdue, received into the
 * indexing queue), and accounting requests (open, delivered with its letter, a second one awaiting the fee).
 * Added once, after the release-of-information requests.
 */
@Component
class DemoPatientRights {

    private static final Logger log = LoggerFactory.getLogger(DemoPatientRights.class);

    private final ChartkeeperProperties properties;
    private final JdbcTemplate jdbc;
    private final UserService users;
    private final AmendmentService amendments;
    private final OutgoingService outgoing;
    private final AccountingRequestService accountings;
    private final DisclosureService disclosures;
    private final LetterService letters;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final DemoReleaseRequests releaseRequests;

    DemoPatientRights(ChartkeeperProperties properties, JdbcTemplate jdbc, UserService users, AmendmentService amendments,
                      OutgoingService outgoing, AccountingRequestService accountings, DisclosureService disclosures,
                      LetterService letters, Clock clock, TransactionTemplate tx,
                      DemoReleaseRequests releaseRequests) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.users = users;
        this.amendments = amendments;
        this.outgoing = outgoing;
        this.accountings = accountings;
        this.disclosures = disclosures;
        this.letters = letters;
        this.clock = clock;
        this.tx = tx;
        this.releaseRequests = releaseRequests;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.LOWEST_PRECEDENCE)
    void addOnce() {
        if (!properties.demo()) return;
        releaseRequests.addOnce(); // the request desk first (once): letters are written for its requests
        Integer existing = jdbc.queryForObject("select count(*) from amendment_request", Integer.class);
        Integer documents = jdbc.queryForObject("select count(*) from document where status = 'signed'", Integer.class);
        if (existing == null || existing > 0 || documents == null || documents < 10) return;
        try {
            long started = System.nanoTime();
            tx.executeWithoutResult(s -> create()); // all or nothing
            log.info("Demo patient-rights requests created in {} ms", (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            log.warn("Demo patient-rights requests not created: {}", e.getMessage());
        }
    }

    private void create() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<Map<String, Object>> docs = jdbc.queryForList("select d.id, d.patient_id from document d"
                + " join provider p on p.id = d.author_provider_id join app_user u on u.id = p.user_id"
                + " join patient pt on pt.id = d.patient_id where u.username = 'drjones' and d.status = 'signed'"
                + " and d.parent_id is null and not pt.restricted and d.type_code = 'progress-note'"
                + " and exists (select 1 from encounter e where e.patient_id = d.patient_id and e.attending_provider_id = p.id)"
                + " order by d.id fetch first 3 rows only");
        List<Long> patients = jdbc.queryForList("select id from patient where not restricted and status = 'active'"
                + " order by id offset 50 rows fetch first 6 rows only", Long.class);
        if (docs.size() < 3 || patients.size() < 6) return;

        // requests to amend: one pending with Dr. Jones, one he accepted, one he denied (with disagreement and rebuttal)
        AmendmentRequest pending = as("roi", () -> amendments.intake(amendment(docs.get(0), today.minusDays(12),
                "The note lists a penicillin allergy; I have never been allergic to penicillin.",
                "Remove the penicillin allergy from the note.")));
        AmendmentRequest toAccept = as("roi", () -> amendments.intake(amendment(docs.get(1), today.minusDays(30),
                "My home medication list says metoprolol 50 mg; I take 25 mg.", "Correct the dose to 25 mg daily.")));
        as("drjones", () -> amendments.accept(toAccept.id(), toAccept.version(),
                "Home medications corrected: metoprolol succinate 25 mg by mouth daily (not 50 mg)."));
        AmendmentRequest toDeny = as("roi", () -> amendments.intake(amendment(docs.get(2), today.minusDays(45),
                "The note says I missed my follow-up appointment.", "Remove the statement that I missed the appointment.")));
        AmendmentRequest denied = as("drjones", () -> amendments.deny(toDeny.id(), toDeny.version(),
                "accurate-and-complete", "The clinic's schedule records the appointment as missed without a call."));
        AmendmentRequest disagreed = as("roi", () -> amendments.disagreement(denied.id(), denied.version(),
                "I called the clinic the day before to reschedule; the appointment should not be recorded as missed.",
                null));
        as("roi", () -> amendments.rebuttal(disagreed.id(), disagreed.version(),
                "The clinic's call log has no call from the patient in the week before the appointment."));
        log.debug("amendment pending: {}", pending.number());

        // requests to outside facilities: sent, overdue for follow-up, received into the indexing queue
        as("roi", () -> outgoing.create(new NewOutgoingRequest(patients.get(0), "Lakeside Cardiology Associates",
                "HIM department, fax 555-0142", "Echocardiogram report and last two clinic notes", "continuing care",
                today.minusDays(4).toString())));
        as("roi", () -> outgoing.create(new NewOutgoingRequest(patients.get(1), "St. Brendan's Hospital",
                "Release of information, 400 Harbor Rd", "Discharge summary and operative report, March 2025",
                "continuing care", today.minusDays(26).toString())));
        OutgoingRequest received = as("roi", () -> outgoing.create(new NewOutgoingRequest(patients.get(2),
                "Valley Orthopedic Clinic", "HIM fax 555-0100", "MRI report of the left knee", "continuing care",
                today.minusDays(9).toString())));
        as("roi", () -> outgoing.receive(received.id(), received.version(), List.of(new ScanFile(
                "valley-orthopedic-mri.pdf", pdf("Valley Orthopedic Clinic - MRI LEFT KNEE",
                        "Impression: complex tear of the posterior horn of the medial meniscus.")))));

        // accounting requests: one open (free), one delivered with its letter, a second within 12 months awaiting the fee
        long p3 = patients.get(3);
        for (int i = 4; i >= 1; i--) {
            LocalDate on = today.minusMonths(i);
            as("roi", () -> disclosures.recordDisclosure(p3, new NewDisclosure(on.toString(), "State Cancer Registry",
                    "PO Box 1900, Capitol City", "Pathology report and treatment summary", "cancer registry reporting",
                    "public-health")));
        }
        as("roi", () -> disclosures.recordDisclosure(p3, new NewDisclosure(today.minusDays(50).toString(),
                "County Sheriff's Office", "12 Court St", "Emergency department record of one visit",
                "court-ordered warrant", "law-enforcement")));
        AccountingRequest delivered = as("roi", () -> accountings.intake(new NewAccountingRequest(p3,
                today.minusDays(20).toString(), null, "The patient", "18 Linden Ave, Springfield")));
        as("roi", () -> accountings.deliver(delivered.id(), delivered.version()));
        as("roi", () -> accountings.intake(new NewAccountingRequest(p3, today.minusDays(2).toString(), null,
                "The patient", "18 Linden Ave, Springfield")));
        as("roi", () -> accountings.intake(new NewAccountingRequest(patients.get(4), today.minusDays(6).toString(),
                today.minusYears(2).toString(), "Personal representative (daughter)", "9 Birch Rd, Springfield")));

        // an acknowledgement letter for the newest release-of-information request
        Long request = jdbc.queryForObject("select max(id) from roi_request", Long.class);
        if (request != null) as("roi", () -> letters.forRequest(request, "acknowledgement", Map.of()));
    }

    private static NewAmendmentRequest amendment(Map<String, Object> doc, LocalDate received, String wrong, String change) {
        return new NewAmendmentRequest(((Number) doc.get("patient_id")).longValue(), ((Number) doc.get("id")).longValue(),
                received.toString(), "The patient", wrong, change);
    }

    /** Runs {@code work} signed in as a demo user, as the pages would. */
    private <T> T as(String username, Supplier<T> work) {
        CurrentUser user = users.findByUsername(username).flatMap(a -> users.currentUser(a.id(), null))
                .orElseThrow(() -> new IllegalStateException("demo user " + username + " missing"));
        SecurityContext before = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, List.of()));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(before);
        }
    }

    private static byte[] pdf(String title, String line) {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream out = new PDPageContentStream(doc, page)) {
                out.beginText();
                out.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                out.newLineAtOffset(64, 700);
                out.showText(title);
                out.newLineAtOffset(0, -18);
                out.showText(line);
                out.endText();
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            doc.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

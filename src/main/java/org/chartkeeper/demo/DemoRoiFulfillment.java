package org.chartkeeper.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.chartkeeper.ChartkeeperProperties;
import org.chartkeeper.disclosure.AuthorizationForm;
import org.chartkeeper.disclosure.ConsentService;
import org.chartkeeper.disclosure.DisclosureService;
import org.chartkeeper.disclosure.Fulfillment;
import org.chartkeeper.disclosure.FulfillmentService;
import org.chartkeeper.disclosure.NewConsent;
import org.chartkeeper.disclosure.NewRoiRequest;
import org.chartkeeper.disclosure.ReleaseCandidate;
import org.chartkeeper.disclosure.RoiRequest;
import org.chartkeeper.record.NewFileDocument;
import org.chartkeeper.record.RecordService;
import org.chartkeeper.security.CurrentUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo hospital's release desk in fulfillment, worked through the real services as the demo ROI specialist:
 * documents selected for a patient's request; a package built for a clinic (with a redaction, a secure link and an
 * unpaid invoice); an attorney's package delivered by mail with its invoice paid (a disclosure in the accounting);
 * Part 2 records held for review because no Part 2 consent is on file; and a Part 2 consent on file for another
 * patient. Added once, after the requests desk exists.
 */
@Component
class DemoRoiFulfillment {

    private static final Logger log = LoggerFactory.getLogger(DemoRoiFulfillment.class);

    private final ChartkeeperProperties properties;
    private final JdbcTemplate jdbc;
    private final DisclosureService requests;
    private final FulfillmentService fulfillment;
    private final ConsentService consents;
    private final RecordService records;
    private final Clock clock;
    private final TransactionTemplate tx;

    DemoRoiFulfillment(ChartkeeperProperties properties, JdbcTemplate jdbc, DisclosureService requests,
                       FulfillmentService fulfillment, ConsentService consents, RecordService records, Clock clock,
                       TransactionTemplate tx) {
        this.tx = tx;
        this.properties = properties;
        this.jdbc = jdbc;
        this.requests = requests;
        this.fulfillment = fulfillment;
        this.consents = consents;
        this.records = records;
        this.clock = clock;
    }

    @Order(100) // after DemoReleaseRequests
    @EventListener(ApplicationReadyEvent.class)
    void addOnce() {
        if (!properties.demo()) return;
        Integer done = jdbc.queryForObject("select count(*) from release_fulfillment", Integer.class);
        Integer desk = jdbc.queryForObject("select count(*) from roi_request", Integer.class);
        if (done == null || done > 0 || desk == null || desk == 0) return;
        List<Long> patients = jdbc.queryForList("select p.id from patient p where not p.restricted and p.status ="
                + " 'active' and exists (select 1 from document d where d.patient_id = p.id and d.signed_at is not null)"
                + " order by p.id offset 60 rows fetch first 5 rows only", Long.class);
        Long roi = jdbc.queryForObject("select min(id) from app_user where username = 'roi'", Long.class);
        Long him = jdbc.queryForObject("select min(id) from app_user where username = 'him'", Long.class);
        if (patients.size() < 5 || roi == null || him == null) return;
        try {
            // the HIM technician files the outside Part 2 record; the ROI specialist works the requests
            signIn(him, "him");
            long patient = patients.get(3);
            records.upload(patient, new NewFileDocument(null, "sud-treatment-note", "Opioid treatment program intake",
                    clock.instant().minus(java.time.Duration.ofDays(60)), "otp-intake.pdf",
                    pdf("Opioid treatment program intake assessment", "Buprenorphine induction plan, counseling weekly")));
            signIn(roi, "roi");
            tx.executeWithoutResult(s -> create(patients));
            log.info("Demo release fulfillment created (selected, built, delivered and paid, Part 2 hold)");
        } catch (RuntimeException e) {
            log.warn("Demo release fulfillment not created: {}", e.getMessage());
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private void create(List<Long> patients) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        // 1. the patient's own copy: documents selected
        RoiRequest own = started(patients.get(0), "patient", "The patient", "pdf", "secure-download", identity(), today);
        select(own, 3);

        // 2. a clinic's request: a package built, with a term redacted, a secure link made, invoice unpaid
        RoiRequest clinic = started(patients.get(1), "provider", "Lakeside Family Clinic", "pdf", "secure-download",
                treatingProvider(), today);
        Fulfillment f = select(clinic, 4);
        List<Long> selected = f.candidates().stream().filter(c -> c.selection() != null).map(c -> c.document().id()).toList();
        // the term where a selected document has it (a term not in the text is refused), else a region
        Long withTerm = selected.stream().filter(id -> fulfillment.inText(clinic.id(), id, "Social history")).findFirst()
                .orElse(null);
        if (withTerm != null) {
            fulfillment.redact(clinic.id(), version(clinic), withTerm, null, null, null, null, null, "Social history",
                    "minimum necessary: not needed for continuing care");
        } else {
            fulfillment.redact(clinic.id(), version(clinic), selected.getFirst(), 1, 0.0, 0.5, 1.0, 0.2, null,
                    "minimum necessary: not needed for continuing care");
        }
        fulfillment.build(clinic.id(), version(clinic));
        fulfillment.link(clinic.id(), null, null);

        // 3. an attorney's request under an authorization: delivered by mail, invoice paid
        RoiRequest attorney = started(patients.get(2), "attorney", "Dewey & Howe LLP", "paper", "mail",
                authorization(today), today);
        select(attorney, 5);
        fulfillment.build(attorney.id(), version(attorney));
        fulfillment.deliver(attorney.id(), version(attorney), "mail", today.toString(), "certified mail 7016 0910");
        var invoice = fulfillment.invoice(attorney.id());
        fulfillment.settle(attorney.id(), invoice.version(), "paid", today.toString(), "check 4471");

        // 4. Part 2 records selected for a clinic with no Part 2 consent on file: held for review
        RoiRequest part2 = started(patients.get(3), "provider", "Harbor Primary Care", "pdf", "secure-download",
                treatingProvider(), today);
        select(part2, 3);

        // 5. a Part 2 consent on file for another patient's continuing care
        consents.create(patients.get(4), new NewConsent("part2", "Harbor Recovery Clinic",
                "coordination of substance use disorder treatment", today.minusMonths(1).toString(), null, null));
    }

    private static void signIn(long userId, String username) {
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(new CurrentUser(
                userId, username, "Demo " + username, Set.of(username), true, null), null, List.of()));
    }

    private RoiRequest started(long patientId, String type, String requester, String format, String delivery,
                               AuthorizationForm authorization, LocalDate today) {
        RoiRequest r = requests.intake(new NewRoiRequest(patientId, today.minusDays(3).toString(), "mail", type,
                requester, "100 Main Street, Springfield", null, null, null, null, "demo: " + type + " request", format,
                delivery, authorization));
        return requests.start(r.id(), r.version());
    }

    /** Ticks the patient's newest documents (Part 2 and other sensitive ones are held for review). */
    private Fulfillment select(RoiRequest r, int count) {
        Fulfillment f = fulfillment.view(r.id());
        List<Long> ids = f.candidates().reversed().stream().filter(c -> c.categories().isEmpty()
                        || c.categories().equals(java.util.Set.of(org.chartkeeper.disclosure.SensitiveCategory.PART2)))
                .map(ReleaseCandidate::document).map(org.chartkeeper.record.Document::id).limit(count).toList();
        return fulfillment.select(r.id(), f.version(), ids);
    }

    private int version(RoiRequest r) {
        return fulfillment.view(r.id()).version();
    }

    private static AuthorizationForm identity() {
        return new AuthorizationForm(true, false, false, false, false, false, null, null, null, false, null, false,
                false, false, null, false, false);
    }

    /** A provider verified (identity) who treats the patient. */
    private static AuthorizationForm treatingProvider() {
        return new AuthorizationForm(true, false, false, false, false, false, null, null, null, false, null, false,
                false, false, null, false, false, List.of("treating-relationship"));
    }

    private static AuthorizationForm authorization(LocalDate today) {
        return new AuthorizationForm(false, true, true, true, true, true, today.plusYears(1).toString(), null,
                today.minusDays(10).toString(), false, null, true, true, true, null, false, false);
    }

    private static byte[] pdf(String... lines) {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.LETTER);
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                cs.newLineAtOffset(72, 700);
                for (String line : lines) {
                    cs.showText(line);
                    cs.newLineAtOffset(0, -16);
                }
                cs.endText();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

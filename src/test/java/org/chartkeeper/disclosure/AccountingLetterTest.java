package org.chartkeeper.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The accounting letter lists each disclosure, summarizes repeated ones and honors an agency's suspension. */
class AccountingLetterTest {

    static final LocalDate REQUESTED = LocalDate.of(2026, 6, 30);

    private long ids = 1;

    private Disclosure d(LocalDate on, String recipient, String purpose, DisclosureCategory category) {
        return new Disclosure(ids++, 7, on, recipient, "1 Capitol Way, Springfield", "Laboratory results", purpose,
                category, null);
    }

    @Test
    void repeated_disclosures_to_one_recipient_show_the_first_in_full_then_frequency_period_and_last_date() {
        List<Disclosure> ds = new ArrayList<>();
        for (int month = 1; month <= 6; month++) {
            ds.add(d(LocalDate.of(2026, month, 2), "State Cancer Registry", "cancer registry report",
                    DisclosureCategory.PUBLIC_HEALTH));
        }
        ds.add(d(LocalDate.of(2025, 11, 20), "County Sheriff", "warrant", DisclosureCategory.LAW_ENFORCEMENT));
        String text = AccountingRequestService.listing(DisclosureAccounting.of(7, ds, List.of(), REQUESTED, null));
        assertThat(text).contains("1. 2025-11-20: to County Sheriff, 1 Capitol Way, Springfield")
                .contains("2. 2026-01-02: to State Cancer Registry, 1 Capitol Way, Springfield")
                .contains("What was disclosed: Laboratory results").contains("Purpose: cancer registry report")
                .contains("Repeated: 6 disclosures to this recipient for this purpose from 2026-01-02 to 2026-06-02,"
                        + " about monthly; the last on 2026-06-02");
        assertThat(text).doesNotContain("3.");
    }

    @Test
    void disclosures_to_an_agency_under_a_suspension_in_effect_are_not_listed() {
        List<Disclosure> ds = List.of(
                d(LocalDate.of(2026, 3, 1), "FBI Field Office", "investigation", DisclosureCategory.LAW_ENFORCEMENT),
                d(LocalDate.of(2026, 3, 5), "State Health Department", "outbreak", DisclosureCategory.PUBLIC_HEALTH));
        Suspension s = new Suspension(1, 7, "FBI Field Office", "would impede the investigation", REQUESTED.plusDays(30));
        DisclosureAccounting acc = DisclosureAccounting.of(7, ds, List.of(s), REQUESTED, null);
        String text = AccountingRequestService.listing(acc);
        assertThat(text).contains("State Health Department").doesNotContain("FBI");
        assertThat(acc.suspended()).isEqualTo(1);
    }

    @Test
    void an_empty_accounting_says_so() {
        assertThat(AccountingRequestService.listing(DisclosureAccounting.of(7, List.of(), List.of(), REQUESTED, null)))
                .contains("no disclosures");
    }

    @Test
    void the_letter_pdf_carries_the_listing_as_text() throws IOException {
        List<Disclosure> ds = List.of(d(LocalDate.of(2026, 3, 5), "State Health Department", "outbreak",
                DisclosureCategory.PUBLIC_HEALTH));
        String body = LetterService.fill("Disclosures from {{periodFrom}} to {{periodTo}}:\n{{disclosures}}\nFee: {{fee}}",
                Map.of("periodFrom", "2020-06-30", "periodTo", "2026-06-30", "fee", "none",
                        "disclosures", AccountingRequestService.listing(DisclosureAccounting.of(7, ds, List.of(), REQUESTED, null))));
        String pdf = text(LetterPdf.render("Accounting", body));
        assertThat(pdf).contains("Disclosures from 2020-06-30 to 2026-06-30").contains("State Health Department")
                .contains("Purpose: outbreak").contains("Fee: none");
    }

    @Test
    void frequency_is_said_in_days_weeks_or_months() {
        assertThat(AccountingRequestService.frequency(10, 11)).isEqualTo("about daily");
        assertThat(AccountingRequestService.frequency(35, 6)).isEqualTo("about every 7 days");
        assertThat(AccountingRequestService.frequency(84, 7)).isEqualTo("about every 2 weeks");
        assertThat(AccountingRequestService.frequency(150, 6)).isEqualTo("about monthly");
        assertThat(AccountingRequestService.frequency(365, 5)).isEqualTo("about every 3 months");
    }

    static String text(byte[] pdf) throws IOException {
        try (var doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }
}

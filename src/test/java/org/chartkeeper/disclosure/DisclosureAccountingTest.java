package org.chartkeeper.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The accounting of disclosures (45 CFR 164.528). */
class DisclosureAccountingTest {

    static final LocalDate REQUESTED = LocalDate.of(2026, 6, 30);
    static final long PATIENT = 7;

    private long ids = 1;

    private Disclosure d(LocalDate on, String recipient, String purpose, DisclosureCategory category) {
        return new Disclosure(ids++, PATIENT, on, recipient, "1 Main St", "records", purpose, category, null);
    }

    private static DisclosureAccounting of(List<Disclosure> ds, List<Suspension> ss, LocalDate from) {
        return DisclosureAccounting.of(PATIENT, ds, ss, REQUESTED, from);
    }

    @ParameterizedTest
    @EnumSource(value = DisclosureCategory.class, names = {"TREATMENT", "PAYMENT", "OPERATIONS", "TO_PATIENT",
            "AUTHORIZATION", "FACILITY_DIRECTORY", "NATIONAL_SECURITY", "CORRECTIONAL", "LIMITED_DATA_SET", "INCIDENTAL"})
    void each_exempt_disclosure_is_left_out_of_the_accounting(DisclosureCategory exempt) {
        var acc = of(List.of(d(REQUESTED.minusDays(10), "Someone", "p", exempt)), List.of(), null);
        assertThat(acc.entries()).isEmpty();
        assertThat(acc.exempted()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = DisclosureCategory.class, names = {"PUBLIC_HEALTH", "HEALTH_OVERSIGHT", "LAW_ENFORCEMENT",
            "JUDICIAL", "REQUIRED_BY_LAW", "ABUSE_REPORT", "RESEARCH_WAIVER", "WORKERS_COMP", "DECEDENT",
            "ORGAN_DONATION", "SERIOUS_THREAT"})
    void each_accountable_disclosure_is_listed(DisclosureCategory accountable) {
        var acc = of(List.of(d(REQUESTED.minusDays(10), "Someone", "p", accountable)), List.of(), null);
        assertThat(acc.entries()).hasSize(1);
        assertThat(acc.entries().getFirst().category()).isEqualTo(accountable.label());
    }

    @Test
    void the_accounting_covers_the_six_years_before_the_request_to_the_day() {
        var onEdge = d(REQUESTED.minusYears(6), "State health department", "TB report", DisclosureCategory.PUBLIC_HEALTH);
        var dayBefore = d(REQUESTED.minusYears(6).minusDays(1), "County sheriff", "warrant",
                DisclosureCategory.LAW_ENFORCEMENT);
        var onRequestDay = d(REQUESTED, "Superior court", "court order", DisclosureCategory.JUDICIAL);
        var after = d(REQUESTED.plusDays(1), "Medical examiner", "death", DisclosureCategory.DECEDENT);
        var acc = of(List.of(onEdge, dayBefore, onRequestDay, after), List.of(), null);
        assertThat(acc.from()).isEqualTo(LocalDate.of(2020, 6, 30));
        assertThat(acc.to()).isEqualTo(REQUESTED);
        assertThat(acc.entries()).extracting(AccountingEntry::recipientName)
                .containsExactly("State health department", "Superior court");
    }

    @Test
    void a_shorter_period_asked_for_starts_the_accounting_later() {
        var old = d(LocalDate.of(2023, 1, 1), "State health department", "TB report", DisclosureCategory.PUBLIC_HEALTH);
        var recent = d(LocalDate.of(2026, 1, 1), "County sheriff", "warrant", DisclosureCategory.LAW_ENFORCEMENT);
        var acc = of(List.of(old, recent), List.of(), LocalDate.of(2025, 1, 1));
        assertThat(acc.from()).isEqualTo(LocalDate.of(2025, 1, 1));
        assertThat(acc.entries()).extracting(AccountingEntry::recipientName).containsExactly("County sheriff");
    }

    @Test
    void a_period_longer_than_six_years_is_cut_to_six_years() {
        assertThat(of(List.of(), List.of(), LocalDate.of(2010, 1, 1)).from()).isEqualTo(LocalDate.of(2020, 6, 30));
    }

    @Test
    void repeated_disclosures_to_one_recipient_for_one_purpose_are_summarized() {
        List<Disclosure> ds = new ArrayList<>();
        for (int month = 1; month <= 5; month++) {
            ds.add(d(LocalDate.of(2025, month, 3), "State cancer registry", "cancer registry report",
                    DisclosureCategory.PUBLIC_HEALTH));
        }
        ds.add(d(LocalDate.of(2025, 2, 10), "County sheriff", "warrant", DisclosureCategory.LAW_ENFORCEMENT));
        var acc = of(ds, List.of(), null);
        assertThat(acc.entries()).hasSize(2);
        AccountingEntry registry = acc.entries().getFirst();
        assertThat(registry.recipientName()).isEqualTo("State cancer registry");
        assertThat(registry.summarized()).isTrue();
        assertThat(registry.count()).isEqualTo(5);
        assertThat(registry.disclosedOn()).isEqualTo(LocalDate.of(2025, 1, 3));
        assertThat(registry.lastDisclosedOn()).isEqualTo(LocalDate.of(2025, 5, 3));
        assertThat(acc.entries().get(1).summarized()).isFalse();
        assertThat(acc.disclosures()).isEqualTo(6);
    }

    @Test
    void disclosures_to_one_recipient_for_different_purposes_are_listed_apart() {
        var a = d(LocalDate.of(2025, 1, 3), "State health department", "TB report", DisclosureCategory.PUBLIC_HEALTH);
        var b = d(LocalDate.of(2025, 2, 3), "State health department", "immunization", DisclosureCategory.PUBLIC_HEALTH);
        assertThat(of(List.of(a, b), List.of(), null).entries()).hasSize(2);
    }

    @Test
    void an_agency_suspension_in_effect_hides_the_disclosures_to_that_agency_only() {
        var toAgency = d(LocalDate.of(2026, 5, 1), "Office of Inspector General", "fraud investigation",
                DisclosureCategory.HEALTH_OVERSIGHT);
        var other = d(LocalDate.of(2026, 5, 2), "County sheriff", "warrant", DisclosureCategory.LAW_ENFORCEMENT);
        var suspension = new Suspension(1, PATIENT, "office of inspector general ", "would impede the investigation",
                REQUESTED.plusDays(30));
        var acc = of(List.of(toAgency, other), List.of(suspension), null);
        assertThat(acc.entries()).extracting(AccountingEntry::recipientName).containsExactly("County sheriff");
        assertThat(acc.suspended()).isEqualTo(1);
        assertThat(acc.suspensions()).hasSize(1);
    }

    @Test
    void a_suspension_ends_on_its_date_and_the_disclosures_reappear() {
        var toAgency = d(LocalDate.of(2026, 5, 1), "Office of Inspector General", "fraud investigation",
                DisclosureCategory.HEALTH_OVERSIGHT);
        var lastDay = new Suspension(1, PATIENT, "Office of Inspector General", "impede", REQUESTED);
        assertThat(of(List.of(toAgency), List.of(lastDay), null).entries()).isEmpty();
        var ended = new Suspension(1, PATIENT, "Office of Inspector General", "impede", REQUESTED.minusDays(1));
        assertThat(of(List.of(toAgency), List.of(ended), null).entries()).hasSize(1);
    }
}

package org.chartkeeper.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validation checklist by requester type (45 CFR 164.508, 164.512(e), 164.524). */
class ValidationChecklistTest {

    static final LocalDate TODAY = LocalDate.of(2026, 3, 10);

    /** An authorization with every core element and required statement, signed last week, expiring next year. */
    static Authorization complete() {
        return new Authorization(false, true, true, true, true, true, TODAY.plusYears(1), null, TODAY.minusDays(7),
                false, null, true, true, true, null, false, false);
    }

    private static List<String> missing(RequesterType type, Authorization a) {
        return ValidationChecklist.of(type, a, TODAY).missing().stream().map(ChecklistItem::code).toList();
    }

    private static Authorization with(Authorization a, String change) {
        return switch (change) {
            case "identity" -> new Authorization(true, a.present(), a.describesInformation(), a.namesDiscloser(),
                    a.namesRecipient(), a.statesPurpose(), a.expiresOn(), a.expiryEvent(), a.signedOn(),
                    a.signedByRepresentative(), a.representativeAuthority(), a.revocationStatement(),
                    a.conditioningStatement(), a.redisclosureStatement(), a.revokedOn(), a.courtOrder(),
                    a.satisfactoryAssurance());
            default -> throw new IllegalArgumentException(change);
        };
    }

    @Test
    void a_complete_authorization_passes_for_an_attorney() {
        assertThat(ValidationChecklist.of(RequesterType.ATTORNEY, complete(), TODAY).passed()).isTrue();
    }

    @Test
    void an_attorney_without_an_authorization_is_refused() {
        assertThat(missing(RequesterType.ATTORNEY, Authorization.NONE)).containsExactly("authorization");
    }

    @Test
    void a_disability_agency_needs_an_authorization() {
        assertThat(missing(RequesterType.DISABILITY, Authorization.NONE)).containsExactly("authorization");
        assertThat(missing(RequesterType.DISABILITY, complete())).isEmpty();
    }

    /** No papers, only the identity check. */
    private static final Authorization IDENTIFIED = with(Authorization.NONE, "identity");

    @Test
    void law_enforcement_needs_the_officials_identity_and_legal_process() {
        assertThat(missing(RequesterType.LAW_ENFORCEMENT, Authorization.NONE))
                .containsExactly("official-identity", "le-legal-process");
        assertThat(missing(RequesterType.LAW_ENFORCEMENT, IDENTIFIED)).containsExactly("le-legal-process");
        assertThat(missing(RequesterType.LAW_ENFORCEMENT, IDENTIFIED.with(RequestFact.LEGAL_PROCESS))).isEmpty();
        var order = new Authorization(true, false, false, false, false, false, null, null, null, false, null,
                false, false, false, null, true, false);
        assertThat(missing(RequesterType.LAW_ENFORCEMENT, order)).isEmpty();
        // legal process does not excuse the identity check
        assertThat(missing(RequesterType.LAW_ENFORCEMENT, Authorization.NONE.with(RequestFact.LEGAL_PROCESS)))
                .containsExactly("official-identity");
    }

    @Test
    void a_law_enforcement_administrative_request_must_meet_all_three_parts_of_the_test() {
        Authorization admin = IDENTIFIED.with(RequestFact.ADMINISTRATIVE_REQUEST);
        assertThat(missing(RequesterType.LAW_ENFORCEMENT, admin))
                .containsExactly("le-relevant-material", "le-specific-limited", "le-deidentified-insufficient");
        assertThat(missing(RequesterType.LAW_ENFORCEMENT, admin.with(RequestFact.RELEVANT_AND_MATERIAL,
                RequestFact.SPECIFIC_AND_LIMITED))).containsExactly("le-deidentified-insufficient");
        assertThat(missing(RequesterType.LAW_ENFORCEMENT, admin.with(RequestFact.RELEVANT_AND_MATERIAL,
                RequestFact.SPECIFIC_AND_LIMITED, RequestFact.DEIDENTIFIED_INSUFFICIENT))).isEmpty();
        String text = ValidationChecklist.of(RequesterType.LAW_ENFORCEMENT, admin, TODAY).missingText();
        assertThat(text).contains("relevant and material").contains("specific and limited")
                .contains("de-identified information could not reasonably be used");
    }

    @Test
    void a_government_agency_needs_the_officials_identity_and_its_legal_authority() {
        assertThat(missing(RequesterType.GOVERNMENT, Authorization.NONE))
                .containsExactly("official-identity", "legal-authority");
        assertThat(missing(RequesterType.GOVERNMENT, IDENTIFIED)).containsExactly("legal-authority");
        assertThat(missing(RequesterType.GOVERNMENT, IDENTIFIED.with(RequestFact.LEGAL_AUTHORITY_STATED))).isEmpty();
    }

    @Test
    void workers_compensation_needs_the_claim_and_the_state_law_or_the_patients_authorization() {
        assertThat(missing(RequesterType.WORKERS_COMP, Authorization.NONE)).containsExactly("wc-claim", "wc-basis");
        assertThat(missing(RequesterType.WORKERS_COMP, Authorization.NONE.with(RequestFact.CLAIM_VERIFIED)))
                .containsExactly("wc-basis");
        assertThat(missing(RequesterType.WORKERS_COMP, Authorization.NONE.with(RequestFact.CLAIM_VERIFIED,
                RequestFact.STATE_LAW_PERMITS))).isEmpty();
        // or the patient's authorization, which must then be complete
        assertThat(missing(RequesterType.WORKERS_COMP, complete().with(RequestFact.CLAIM_VERIFIED))).isEmpty();
        assertThat(missing(RequesterType.WORKERS_COMP, complete())).containsExactly("wc-claim");
    }

    @Test
    void a_provider_asking_for_treatment_must_be_verified_and_treat_the_patient() {
        assertThat(missing(RequesterType.PROVIDER, Authorization.NONE))
                .containsExactly("provider-identity", "provider-treats");
        assertThat(missing(RequesterType.PROVIDER, Authorization.NONE.with(RequestFact.TREATING_RELATIONSHIP)))
                .containsExactly("provider-identity");
        assertThat(missing(RequesterType.PROVIDER, IDENTIFIED.with(RequestFact.TREATING_RELATIONSHIP))).isEmpty();
    }

    @Test
    void a_payer_needs_a_payment_purpose_and_a_member_match() {
        assertThat(missing(RequesterType.PAYER, Authorization.NONE)).containsExactly("payer-purpose", "payer-member");
        assertThat(missing(RequesterType.PAYER, Authorization.NONE.with(RequestFact.PAYMENT_PURPOSE)))
                .containsExactly("payer-member");
        assertThat(missing(RequesterType.PAYER, Authorization.NONE.with(RequestFact.PAYMENT_PURPOSE,
                RequestFact.MEMBER_MATCH))).isEmpty();
    }

    @Test
    void research_needs_an_authorization_or_a_documented_irb_or_privacy_board_waiver() {
        assertThat(missing(RequesterType.RESEARCHER, Authorization.NONE)).containsExactly("research-basis");
        assertThat(missing(RequesterType.RESEARCHER, Authorization.NONE.with(RequestFact.IRB_WAIVER))).isEmpty();
        assertThat(missing(RequesterType.RESEARCHER, complete())).isEmpty();
        // an authorization given must be complete
        var unsigned = new Authorization(false, true, true, true, true, true, TODAY.plusYears(1), null, null, false,
                null, true, true, true, null, false, false);
        assertThat(missing(RequesterType.RESEARCHER, unsigned)).containsExactly("auth-signature");
        // under a waiver the release is accounted for (research is not exempt from the accounting)
        assertThat(RequesterType.RESEARCHER.categoryWithoutAuthorization()).isEqualTo(DisclosureCategory.RESEARCH_WAIVER);
        assertThat(DisclosureCategory.RESEARCH_WAIVER.exempt()).isFalse();
    }

    @Test
    void an_authorization_without_a_description_of_the_information_is_refused() {
        Authorization c = complete();
        var a = new Authorization(false, true, false, true, true, true, c.expiresOn(), null, c.signedOn(), false, null,
                true, true, true, null, false, false);
        assertThat(missing(RequesterType.ATTORNEY, a)).containsExactly("auth-description");
    }

    @Test
    void an_authorization_that_does_not_name_who_discloses_is_refused() {
        Authorization c = complete();
        var a = new Authorization(false, true, true, false, true, true, c.expiresOn(), null, c.signedOn(), false, null,
                true, true, true, null, false, false);
        assertThat(missing(RequesterType.ATTORNEY, a)).containsExactly("auth-discloser");
    }

    @Test
    void an_authorization_that_does_not_name_who_receives_is_refused() {
        Authorization c = complete();
        var a = new Authorization(false, true, true, true, false, true, c.expiresOn(), null, c.signedOn(), false, null,
                true, true, true, null, false, false);
        assertThat(missing(RequesterType.ATTORNEY, a)).containsExactly("auth-recipient");
    }

    @Test
    void an_authorization_without_a_purpose_is_refused() {
        Authorization c = complete();
        var a = new Authorization(false, true, true, true, true, false, c.expiresOn(), null, c.signedOn(), false, null,
                true, true, true, null, false, false);
        assertThat(missing(RequesterType.ATTORNEY, a)).containsExactly("auth-purpose");
    }

    @Test
    void an_authorization_without_an_expiration_date_or_event_is_refused_and_an_event_suffices() {
        Authorization c = complete();
        var none = new Authorization(false, true, true, true, true, true, null, null, c.signedOn(), false, null,
                true, true, true, null, false, false);
        assertThat(missing(RequesterType.ATTORNEY, none)).containsExactly("auth-expiration");
        var event = new Authorization(false, true, true, true, true, true, null, "end of the litigation", c.signedOn(),
                false, null, true, true, true, null, false, false);
        assertThat(missing(RequesterType.ATTORNEY, event)).isEmpty();
    }

    @Test
    void an_unsigned_or_undated_authorization_is_refused() {
        Authorization c = complete();
        var a = new Authorization(false, true, true, true, true, true, c.expiresOn(), null, null, false, null,
                true, true, true, null, false, false);
        assertThat(missing(RequesterType.ATTORNEY, a)).containsExactly("auth-signature");
    }

    @Test
    void an_authorization_signed_by_a_representative_needs_the_representatives_authority() {
        Authorization c = complete();
        var without = new Authorization(false, true, true, true, true, true, c.expiresOn(), null, c.signedOn(), true,
                null, true, true, true, null, false, false);
        assertThat(missing(RequesterType.ATTORNEY, without)).containsExactly("auth-representative-authority");
        var with = new Authorization(false, true, true, true, true, true, c.expiresOn(), null, c.signedOn(), true,
                "durable power of attorney", true, true, true, null, false, false);
        assertThat(missing(RequesterType.ATTORNEY, with)).isEmpty();
    }

    @Test
    void an_authorization_without_the_statement_of_the_right_to_revoke_is_refused() {
        Authorization c = complete();
        var a = new Authorization(false, true, true, true, true, true, c.expiresOn(), null, c.signedOn(), false, null,
                false, true, true, null, false, false);
        assertThat(missing(RequesterType.ATTORNEY, a)).containsExactly("auth-revocation-statement");
    }

    @Test
    void an_authorization_without_the_statement_on_conditioning_is_refused() {
        Authorization c = complete();
        var a = new Authorization(false, true, true, true, true, true, c.expiresOn(), null, c.signedOn(), false, null,
                true, false, true, null, false, false);
        assertThat(missing(RequesterType.ATTORNEY, a)).containsExactly("auth-conditioning-statement");
    }

    @Test
    void an_authorization_without_the_statement_on_redisclosure_is_refused() {
        Authorization c = complete();
        var a = new Authorization(false, true, true, true, true, true, c.expiresOn(), null, c.signedOn(), false, null,
                true, true, false, null, false, false);
        assertThat(missing(RequesterType.ATTORNEY, a)).containsExactly("auth-redisclosure-statement");
    }

    @Test
    void an_expired_authorization_is_refused_and_one_expiring_today_is_not() {
        Authorization c = complete();
        var expired = new Authorization(false, true, true, true, true, true, TODAY.minusDays(1), null, c.signedOn(),
                false, null, true, true, true, null, false, false);
        assertThat(missing(RequesterType.ATTORNEY, expired)).containsExactly("auth-not-expired");
        var today = new Authorization(false, true, true, true, true, true, TODAY, null, c.signedOn(), false, null,
                true, true, true, null, false, false);
        assertThat(missing(RequesterType.ATTORNEY, today)).isEmpty();
    }

    @Test
    void a_revoked_authorization_is_refused() {
        Authorization c = complete();
        var revoked = new Authorization(false, true, true, true, true, true, c.expiresOn(), null, c.signedOn(), false,
                null, true, true, true, TODAY.minusDays(2), false, false);
        assertThat(missing(RequesterType.ATTORNEY, revoked)).containsExactly("auth-not-revoked");
    }

    @Test
    void a_patient_request_needs_identity_verification() {
        assertThat(missing(RequesterType.PATIENT, Authorization.NONE)).containsExactly("identity-verified");
        assertThat(missing(RequesterType.PATIENT, with(Authorization.NONE, "identity"))).isEmpty();
    }

    @Test
    void a_personal_representative_needs_identity_and_documented_authority() {
        assertThat(missing(RequesterType.PERSONAL_REPRESENTATIVE, Authorization.NONE))
                .containsExactly("identity-verified", "representative-authority");
        var ok = new Authorization(true, false, false, false, false, false, null, null, null, false,
                "guardianship order", false, false, false, null, false, false);
        assertThat(missing(RequesterType.PERSONAL_REPRESENTATIVE, ok)).isEmpty();
    }

    @Test
    void a_subpoena_without_a_court_order_needs_satisfactory_assurance() {
        assertThat(missing(RequesterType.COURT_ORDER_SUBPOENA, Authorization.NONE))
                .containsExactly("court-order-or-assurance");
        var assurance = new Authorization(false, false, false, false, false, false, null, null, null, false, null,
                false, false, false, null, false, true);
        assertThat(missing(RequesterType.COURT_ORDER_SUBPOENA, assurance)).isEmpty();
    }

    @Test
    void a_court_order_signed_by_a_judge_needs_nothing_more() {
        var order = new Authorization(false, false, false, false, false, false, null, null, null, false, null,
                false, false, false, null, true, false);
        assertThat(missing(RequesterType.COURT_ORDER_SUBPOENA, order)).isEmpty();
    }

    @Test
    void the_missing_items_are_named_for_the_pend_letter() {
        String text = ValidationChecklist.of(RequesterType.ATTORNEY, Authorization.NONE, TODAY).missingText();
        assertThat(text).contains("authorization signed by the patient");
    }
}

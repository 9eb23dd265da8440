package org.chartkeeper.disclosure;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks a request must pass before records are released, by requester type: the requester's identity for the
 * right of access, the personal representative's authority, every core element and required statement of a HIPAA
 * authorization (45 CFR 164.508(b)(2), (c)) and that it is neither expired nor revoked, for a subpoena a court
 * order or satisfactory assurance (164.512(e)(1)(ii)); for law enforcement the official's identity and authority
 * (164.514(h)) and legal process or a written administrative request meeting the three-part test (164.512(f)(1)(ii));
 * for a government agency the official's identity and the legal authority (164.514(h)(2)); for workers' compensation
 * the claim and the state law or the patient's authorization (164.512(l)); for a provider the requester's identity
 * and that they treat the patient (164.506(c)(2)); for a payer the payment purpose and the member match
 * (164.506(c)(1), (3)); for research an authorization or a documented IRB or privacy board waiver (164.512(i)).
 */
public record ValidationChecklist(List<ChecklistItem> items) {

    public static ValidationChecklist of(RequesterType type, Authorization a, LocalDate today) {
        List<ChecklistItem> items = new ArrayList<>();
        if (type.patientAccess()) {
            items.add(ChecklistItem.of("identity-verified", "Requester's identity verified", a.identityVerified(),
                    "Proof of identity of the person asking (photo identification or equivalent)"));
        }
        if (type == RequesterType.PERSONAL_REPRESENTATIVE) {
            items.add(ChecklistItem.of("representative-authority", "Personal representative's authority documented",
                    a.representativeAuthority() != null,
                    "Documents showing the representative's authority to act for the patient"
                            + " (power of attorney, guardianship, executor)"));
        }
        if (type == RequesterType.COURT_ORDER_SUBPOENA) {
            items.add(ChecklistItem.of("court-order-or-assurance",
                    "Court order, or for a subpoena satisfactory assurance", a.courtOrder() || a.satisfactoryAssurance(),
                    "A subpoena not signed by a judge needs satisfactory assurance: written notice to the patient with"
                            + " time to object, or a qualified protective order"));
        }
        switch (type) {
            case LAW_ENFORCEMENT -> lawEnforcement(items, a);
            case GOVERNMENT -> {
                items.add(ChecklistItem.of("official-identity", "Official's identity and authority verified",
                        a.identityVerified(), "Verification of the official's identity and authority: agency"
                                + " credentials or a request on the agency's letterhead (45 CFR 164.514(h)(2))"));
                items.add(ChecklistItem.of("legal-authority", "Legal authority for the request stated",
                        a.has(RequestFact.LEGAL_AUTHORITY_STATED) || a.courtOrder() || a.has(RequestFact.LEGAL_PROCESS),
                        "A written statement of the legal authority under which the agency asks (or legal process"
                                + " showing it) (45 CFR 164.514(h)(2)(iii))"));
            }
            case WORKERS_COMP -> {
                items.add(ChecklistItem.of("wc-claim", "Workers' compensation claim verified",
                        a.has(RequestFact.CLAIM_VERIFIED), "The workers' compensation claim for this patient: claim"
                                + " number, date of injury and employer (45 CFR 164.512(l))"));
                items.add(ChecklistItem.of("wc-basis", "State law permits the disclosure, or the patient authorized it",
                        a.has(RequestFact.STATE_LAW_PERMITS) || a.present(), "The state workers' compensation law"
                                + " that permits the disclosure, or the patient's authorization (45 CFR 164.512(l))"));
            }
            case PROVIDER -> {
                items.add(ChecklistItem.of("provider-identity", "Requesting provider's identity verified",
                        a.identityVerified(), "Verification of the requesting provider: NPI and a call back to the"
                                + " practice's listed number (45 CFR 164.514(h))"));
                items.add(ChecklistItem.of("provider-treats", "The provider treats the patient",
                        a.has(RequestFact.TREATING_RELATIONSHIP), "Confirmation that the requester treats the patient"
                                + " (referral, appointment or order) for a disclosure for treatment (45 CFR 164.506(c)(2))"));
            }
            case PAYER -> {
                items.add(ChecklistItem.of("payer-purpose", "Request is for payment of the patient's care",
                        a.has(RequestFact.PAYMENT_PURPOSE), "The payment purpose: the claim or encounter being paid or"
                                + " reviewed (45 CFR 164.506(c)(1), (3))"));
                items.add(ChecklistItem.of("payer-member", "Patient is the payer's member",
                        a.has(RequestFact.MEMBER_MATCH), "The member identification matching the patient's coverage"
                                + " on file"));
            }
            case RESEARCHER -> items.add(ChecklistItem.of("research-basis",
                    "Authorization, or IRB or privacy board waiver", a.present() || a.has(RequestFact.IRB_WAIVER),
                    "The patient's authorization, or the documented waiver of authorization by an IRB or privacy board"
                            + " (the board, the date of approval, the waiver criteria met, the information needed,"
                            + " signed by the chair; 45 CFR 164.512(i)(1)(i), (2))"));
            default -> { }
        }
        if (type.needsAuthorization() && !a.present()) {
            items.add(ChecklistItem.of("authorization", "HIPAA authorization signed by the patient", false,
                    "An authorization signed by the patient (45 CFR 164.508)"));
        }
        if (a.present()) {
            items.add(ChecklistItem.of("auth-description", "Authorization describes the information",
                    a.describesInformation(), "A specific description of the information to be disclosed"));
            items.add(ChecklistItem.of("auth-discloser", "Authorization names who discloses", a.namesDiscloser(),
                    "The name of the person or organization authorized to disclose"));
            items.add(ChecklistItem.of("auth-recipient", "Authorization names who receives", a.namesRecipient(),
                    "The name of the person or organization to receive the information"));
            items.add(ChecklistItem.of("auth-purpose", "Authorization states the purpose", a.statesPurpose(),
                    "The purpose of the disclosure (\"at the request of the individual\" suffices)"));
            items.add(ChecklistItem.of("auth-expiration", "Authorization has an expiration date or event",
                    a.expiresOn() != null || a.expiryEvent() != null, "An expiration date or expiration event"));
            items.add(ChecklistItem.of("auth-signature", "Authorization signed and dated",
                    a.signedOn() != null && !a.signedOn().isAfter(today), "The signature of the patient and the date"));
            if (a.signedByRepresentative()) {
                items.add(ChecklistItem.of("auth-representative-authority",
                        "Representative's authority described", a.representativeAuthority() != null,
                        "A description of the representative's authority to act for the patient"));
            }
            items.add(ChecklistItem.of("auth-revocation-statement", "Statement of the right to revoke",
                    a.revocationStatement(), "The statement of the patient's right to revoke the authorization in writing"));
            items.add(ChecklistItem.of("auth-conditioning-statement", "Statement on conditioning",
                    a.conditioningStatement(), "The statement that treatment, payment, enrollment or eligibility may not"
                            + " be conditioned on signing"));
            items.add(ChecklistItem.of("auth-redisclosure-statement", "Statement on redisclosure",
                    a.redisclosureStatement(), "The statement that information disclosed may be redisclosed by the"
                            + " recipient and no longer protected"));
            items.add(ChecklistItem.of("auth-not-expired", "Authorization not expired",
                    a.expiresOn() == null || !a.expiresOn().isBefore(today),
                    "A current authorization: this one expired on " + a.expiresOn()));
            items.add(ChecklistItem.of("auth-not-revoked", "Authorization not revoked",
                    a.revokedOn() == null || a.revokedOn().isAfter(today),
                    "A new authorization: the patient revoked this one on " + a.revokedOn()));
        }
        return new ValidationChecklist(List.copyOf(items));
    }

    /**
     * Law enforcement (164.512(f)(1)(ii)): the official's identity and authority; legal process (court order,
     * court-ordered warrant, judicial subpoena or summons, grand jury subpoena) or a written administrative request,
     * which must meet all three parts of the test.
     */
    private static void lawEnforcement(List<ChecklistItem> items, Authorization a) {
        items.add(ChecklistItem.of("official-identity", "Official's identity and authority verified",
                a.identityVerified(), "Verification of the official's identity and authority: badge or credentials,"
                        + " or a request on the agency's letterhead (45 CFR 164.514(h)(2))"));
        boolean process = a.courtOrder() || a.has(RequestFact.LEGAL_PROCESS);
        boolean administrative = a.has(RequestFact.ADMINISTRATIVE_REQUEST);
        items.add(ChecklistItem.of("le-legal-process", "Legal process or written administrative request",
                process || administrative, "A court order, court-ordered warrant, subpoena or summons issued by a"
                        + " judicial officer, a grand jury subpoena, or a written administrative request"
                        + " (45 CFR 164.512(f)(1)(ii))"));
        if (administrative && !process) {
            items.add(ChecklistItem.of("le-relevant-material", "Relevant and material to a legitimate inquiry",
                    a.has(RequestFact.RELEVANT_AND_MATERIAL), "The administrative request's statement that the"
                            + " information is relevant and material to a legitimate law enforcement inquiry"
                            + " (45 CFR 164.512(f)(1)(ii)(C)(1))"));
            items.add(ChecklistItem.of("le-specific-limited", "Specific and limited in scope",
                    a.has(RequestFact.SPECIFIC_AND_LIMITED), "A request specific and limited in scope to the extent"
                            + " reasonably practicable for its purpose (45 CFR 164.512(f)(1)(ii)(C)(2))"));
            items.add(ChecklistItem.of("le-deidentified-insufficient", "De-identified information could not be used",
                    a.has(RequestFact.DEIDENTIFIED_INSUFFICIENT), "The statement that de-identified information could"
                            + " not reasonably be used (45 CFR 164.512(f)(1)(ii)(C)(3))"));
        }
    }

    public boolean passed() {
        return items.stream().allMatch(ChecklistItem::met);
    }

    public List<ChecklistItem> missing() {
        return items.stream().filter(i -> !i.met()).toList();
    }

    /** The missing items as one line, for the status note and the pend letter. */
    public String missingText() {
        return String.join("; ", missing().stream().map(ChecklistItem::missing).toList());
    }
}

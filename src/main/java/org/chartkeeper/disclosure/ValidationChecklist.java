package org.chartkeeper.disclosure;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks a request must pass before records are released, by requester type: the requester's identity for the
 * right of access, the personal representative's authority, every core element and required statement of a HIPAA
 * authorization (45 CFR 164.508(b)(2), (c)) and that it is neither expired nor revoked, and for a subpoena a court
 * order or satisfactory assurance (164.512(e)(1)(ii)).
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

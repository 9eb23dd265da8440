package org.chartkeeper.disclosure;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.audit.AccessGate;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.audit.PatientAccess;
import org.chartkeeper.security.CurrentUser;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A patient's request for an accounting of disclosures (45 CFR 164.528): taken in with its 60-day due date, free once
 * per 12 months (a later one carries the configured cost-based fee, which the patient is told of and agrees to before
 * it is prepared), extended once by 30 days with a written notice, and delivered as a letter (PDF) listing each
 * disclosure, repeated ones summarized, an agency's suspension honored. Every step passes the {@link AccessGate}.
 */
@Service
public class AccountingRequestService {

    static final String RESOURCE = "AccountingRequest";
    static final int LIST_LIMIT = 500;

    private final AccountingRequestRepository requests;
    private final DisclosureService disclosures;
    private final LetterService letters;
    private final AccessGate gate;
    private final Clock clock;
    private final BigDecimal fee;

    public AccountingRequestService(AccountingRequestRepository requests, DisclosureService disclosures,
                                    LetterService letters, AccessGate gate, Clock clock,
                                    @Value("${chartkeeper.roi.accounting-fee:25.00}") BigDecimal fee) {
        if (fee.signum() < 0) throw new IllegalArgumentException("chartkeeper.roi.accounting-fee must not be negative");
        this.requests = requests;
        this.disclosures = disclosures;
        this.letters = letters;
        this.gate = gate;
        this.clock = clock;
        this.fee = fee.setScale(2, java.math.RoundingMode.HALF_UP);
    }

    public BigDecimal configuredFee() {
        return fee;
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** Takes in a request: due in 60 days; free unless another (not withdrawn) one was received in the 12 months before. */
    @Transactional
    public AccountingRequest intake(NewAccountingRequest in) {
        if (in == null || in.patientId() == null) throw new InvalidRequestException("patientId", "Give the patient");
        LocalDate received = AuthorizationForm.date("receivedOn", in.receivedOn());
        if (received == null) throw new InvalidRequestException("receivedOn", "Give the date the request was received");
        if (received.isAfter(today())) throw new InvalidRequestException("receivedOn", "The received date is in the future");
        LocalDate from = AuthorizationForm.date("periodFrom", in.periodFrom());
        if (from != null && from.isAfter(received)) {
            throw new InvalidRequestException("periodFrom", "The period starts after the request was received");
        }
        String by = LetterService.text("requestedBy", in.requestedBy(), 200);
        if (by == null) throw new InvalidRequestException("requestedBy", "Name who asked (the patient or their representative)");
        String to = LetterService.text("deliverTo", in.deliverTo(), 500);
        gate.openChange(PatientAccess.of(AuditAction.CREATE, DataCategory.DISCLOSURES, in.patientId(), RESOURCE, null),
                DisclosureService.WORK, "accounting of disclosures requested");
        BigDecimal due = AccountingRequestFee.fee(received, requests.receivedDates(in.patientId()), fee);
        AccountingRequestStatus status = due.signum() > 0 ? AccountingRequestStatus.FEE_NOTICE : AccountingRequestStatus.RECEIVED;
        long id = requests.insert(in.patientId(), received, from, by, to, RightsDeadline.due(received), due, status,
                clock.instant(), me());
        return find(id);
    }

    /** One request. Audited. */
    public AccountingRequest get(long id) {
        AccountingRequest r = find(id);
        gate.open(PatientAccess.view(DataCategory.DISCLOSURES, r.patientId(), RESOURCE, id));
        return r;
    }

    /** Open requests (soonest due first), then the latest closed ones. Audited as a list. */
    public List<AccountingRequest> list() {
        List<AccountingRequest> list = requests.list(LIST_LIMIT);
        gate.list(DataCategory.DISCLOSURES, RESOURCE, list.stream().map(AccountingRequest::patientId).toList(),
                "accounting requests");
        return list;
    }

    /** The patient was told the fee (on {@code noticeSentOn}) and agreed (on {@code agreedOn}): it may be prepared. */
    @Transactional
    public AccountingRequest agreeFee(long id, int version, String noticeSentOn, String agreedOn) {
        AccountingRequest r = change(id, "fee agreed");
        if (r.status() != AccountingRequestStatus.FEE_NOTICE) {
            throw new InvalidRequestException("status", "Accounting request " + id + " is " + r.status().code()
                    + "; there is no fee to agree");
        }
        LocalDate notice = AuthorizationForm.date("noticeSentOn", noticeSentOn);
        LocalDate agreed = AuthorizationForm.date("agreedOn", agreedOn);
        if (notice == null) throw new InvalidRequestException("noticeSentOn", "Give the date the patient was told the fee");
        if (agreed == null) throw new InvalidRequestException("agreedOn", "Give the date the patient agreed to the fee");
        if (agreed.isBefore(notice)) throw new InvalidRequestException("agreedOn", "The patient agreed before being told the fee");
        if (agreed.isAfter(today())) throw new InvalidRequestException("agreedOn", "The date is in the future");
        if (notice.isBefore(r.receivedOn())) {
            throw new InvalidRequestException("noticeSentOn", "The notice cannot be sent before the request was received");
        }
        if (!requests.agreeFee(id, version, notice, agreed, clock.instant())) throw stale(id, version);
        return find(id);
    }

    /** Extends the due date once by 30 days; the notice (with the reason) must be sent within the 60 days. Writes the letter. */
    @Transactional
    public AccountingRequest extend(long id, int version, String noticeSentOn, String reason) {
        AccountingRequest r = change(id, "extended");
        requireOpen(r);
        LocalDate notice = AuthorizationForm.date("noticeSentOn", noticeSentOn);
        if (notice != null && notice.isAfter(today())) throw new InvalidRequestException("noticeSentOn", "The notice date is in the future");
        String why = LetterService.text("reason", reason, 500);
        LocalDate due = RightsDeadline.extended(r.receivedOn(), r.extensionNoticeOn(), notice, why);
        if (!requests.extend(id, version, notice, why, due, clock.instant())) throw stale(id, version);
        letters.generate("extension", r.patientId(), Letter.ACCOUNTING_REQUEST, id, Map.of(
                "requesterName", r.requestedBy(), "requesterAddress", nz(r.deliverTo()),
                "subject", "your request for an accounting of disclosures", "receivedOn", r.receivedOn().toString(),
                "extensionReason", why, "dueOn", due.toString()));
        return find(id);
    }

    /**
     * Prepares the accounting (the 6 years before the date of the request, 45 CFR 164.528(a), or from the period
     * asked for, through the date of the request; exemptions left out; an agency's
     * suspension honored; repeated disclosures summarized), writes the letter and marks the request delivered.
     */
    @Transactional
    public AccountingRequest deliver(long id, int version) {
        AccountingRequest r = change(id, "accounting delivered");
        if (r.status() == AccountingRequestStatus.FEE_NOTICE) {
            throw new InvalidRequestException("status", "The patient must be told of the " + money(r.fee())
                    + " fee and agree to it before this accounting is prepared");
        }
        requireOpen(r);
        DisclosureAccounting acc = disclosures.accountingRequestedOn(r.patientId(), r.receivedOn(), r.periodFrom());
        Map<String, String> f = new HashMap<>();
        f.put("requesterName", r.requestedBy());
        f.put("requesterAddress", nz(r.deliverTo()));
        f.put("receivedOn", r.receivedOn().toString());
        f.put("periodFrom", acc.from().toString());
        f.put("periodTo", acc.to().toString());
        f.put("disclosures", listing(acc));
        f.put("fee", r.free() ? "none (your first accounting in 12 months is free)"
                : money(r.fee()) + " (agreed on " + r.feeAgreedOn() + ")");
        Letter letter = letters.generate("accounting", r.patientId(), Letter.ACCOUNTING_REQUEST, id, f);
        if (!requests.deliver(id, version, today(), letter.id(), clock.instant())) throw stale(id, version);
        return find(id);
    }

    @Transactional
    public AccountingRequest withdraw(long id, int version) {
        AccountingRequest r = change(id, "withdrawn");
        requireOpen(r);
        if (!requests.withdraw(id, version, clock.instant())) throw stale(id, version);
        return find(id);
    }

    /**
     * The disclosures as the letter lists them: each with its date, recipient and address, what was disclosed and
     * why; repeated disclosures to one recipient for one purpose as the first in full, then how many, how often
     * and the date of the last (164.528(b)(3)).
     */
    static String listing(DisclosureAccounting acc) {
        if (acc.entries().isEmpty()) return "We made no disclosures in this period that the rule requires us to list.";
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (AccountingEntry e : acc.entries()) {
            b.append(++n).append(". ").append(e.disclosedOn()).append(": to ").append(e.recipientName());
            if (e.recipientAddress() != null && !e.recipientAddress().isBlank()) b.append(", ").append(e.recipientAddress());
            b.append("\n   What was disclosed: ").append(e.description());
            b.append("\n   Purpose: ").append(e.purpose());
            if (e.summarized()) {
                long days = ChronoUnit.DAYS.between(e.disclosedOn(), e.lastDisclosedOn());
                b.append("\n   Repeated: ").append(e.count()).append(" disclosures to this recipient for this purpose from ")
                        .append(e.disclosedOn()).append(" to ").append(e.lastDisclosedOn()).append(", ")
                        .append(frequency(days, e.count())).append("; the last on ").append(e.lastDisclosedOn());
            }
            b.append("\n\n");
        }
        return b.toString().stripTrailing();
    }

    static String frequency(long days, int count) {
        long every = Math.round((double) days / Math.max(1, count - 1));
        if (every <= 1) return "about daily";
        if (every <= 9) return "about every " + every + " days";
        if (every <= 24) return "about every " + Math.round(every / 7.0) + " weeks";
        long months = Math.round(every / 30.4);
        return months <= 1 ? "about monthly" : "about every " + months + " months";
    }

    static String money(BigDecimal amount) {
        return String.format(Locale.ROOT, "USD %.2f", amount);
    }

    // ------------------------------------------------------------------ helpers

    private AccountingRequest find(long id) {
        return requests.find(id).orElseThrow(() -> new NotFoundException("No accounting request " + id));
    }

    private AccountingRequest change(long id, String detail) {
        AccountingRequest r = find(id);
        gate.openChange(PatientAccess.of(AuditAction.UPDATE, DataCategory.DISCLOSURES, r.patientId(), RESOURCE, id),
                DisclosureService.WORK, detail);
        return r;
    }

    private static void requireOpen(AccountingRequest r) {
        if (!r.status().open()) {
            throw new InvalidRequestException("status", "Accounting request " + r.id() + " is " + r.status().code()
                    + "; it can no longer change");
        }
    }

    private static StaleVersionException stale(long id, int version) {
        return new StaleVersionException("Accounting request " + id, version);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static Long me() {
        return CurrentUser.require().id();
    }
}

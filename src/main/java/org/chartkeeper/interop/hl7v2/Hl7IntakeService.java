package org.chartkeeper.interop.hl7v2;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.chartkeeper.ChartkeeperProperties;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.NotFoundException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.audit.AuditAction;
import org.chartkeeper.audit.AuditEntry;
import org.chartkeeper.audit.AuditOutcome;
import org.chartkeeper.audit.AuditService;
import org.chartkeeper.audit.AuditUnavailableException;
import org.chartkeeper.audit.DataCategory;
import org.chartkeeper.audit.PatientNotFoundException;
import org.chartkeeper.patient.DuplicateService;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.UserService;
import org.chartkeeper.web.IncidentLog;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The HL7 v2 ADT intake: every message is kept as received; a message is applied and recorded as processed in one
 * transaction, and only then answered AA. A message that cannot be applied is answered AE or AR with an ERR segment
 * naming the field, and kept as failed for the error queue, where a technician corrects and reprocesses it or
 * discards it with a reason. A repeat of a (sender, control id) already received is answered with the original
 * answer and not applied again.
 *
 * <p>Messages are applied as the interface account {@value #INTERFACE_USER}: each one runs with that account as the
 * acting user, so every read and change it makes passes the access gate and is audited under it, with the sender and
 * control id in the event's detail.
 */
@Service
public class Hl7IntakeService {

    public static final String INTERFACE_USER = "hl7-interface";
    public static final String PERMISSION = "interface.manage";

    private final Hl7MessageRepository messages;
    private final AdtEventHandler handler;
    private final UserService users;
    private final AuditService audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final AdtReader reader;
    private final Acks acks;
    private volatile CurrentUser interfaceUser;

    public Hl7IntakeService(Hl7MessageRepository messages, AdtEventHandler handler, UserService users,
                            AuditService audit, Clock clock, PlatformTransactionManager transactions,
                            ChartkeeperProperties properties) {
        this.messages = messages;
        this.handler = handler;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        this.reader = new AdtReader(properties.hl7().zoneId());
        this.acks = new Acks(clock);
    }

    // ------------------------------------------------------------------ intake

    /** Takes one message as received from {@code remoteAddress} and returns the acknowledgement to send. */
    public String receive(String received, String remoteAddress) {
        Instant at = clock.instant();
        Hl7Text text;
        AdtMessage.Header h;
        try {
            text = Hl7Text.parse(received);
            h = reader.header(text);
        } catch (Hl7Problem p) {
            return unreadable(received, remoteAddress, at, p);
        } catch (RuntimeException e) {
            IncidentLog.record("HL7", "receive", e);
            return unreadable(received, remoteAddress, at, new Hl7Problem(Hl7Location.of("MSH", 0),
                    Hl7Problem.INTERNAL_ERROR, "AR", "The message could not be read"));
        }
        if (h.controlId() == null || h.controlId().isBlank() || h.controlId().length() > 199) {
            Hl7Problem p = new Hl7Problem(Hl7Location.of("MSH", 10), Hl7Problem.REQUIRED_FIELD_MISSING, "AR",
                    "MSH-10 (message control id) is required, at most 199 characters");
            return unreadable(received, remoteAddress, at, p);
        }
        return batches.apply(new Incoming(received, remoteAddress, at, text, h));
    }

    /** A message read far enough to be applied: its header is readable and it has a control id. */
    record Incoming(String received, String remoteAddress, Instant at, Hl7Text text, AdtMessage.Header h) {}

    /**
     * Messages of several connections arriving at the same moment share one transaction; see {@link MessageBatches}.
     * Two batches at a time: one is applied while the other commits, and a slow message (a large merge) holds up only
     * the messages of its own batch. One and two measured alike (BENCHMARKS.md Interop 11).
     */
    static final int BATCHES_AT_ONCE = 2;

    private final MessageBatches<Incoming> batches = new MessageBatches<>(BATCHES_AT_ONCE, 64, new MessageBatches.Applier<>() {
        @Override
        public String alone(Incoming m) {
            return applyAlone(m);
        }

        @Override
        public List<String> together(List<Incoming> batch) {
            return applyTogether(batch);
        }
    });

    /** Messages applied in a shared transaction with others since start (tests, statistics). */
    long messagesAppliedTogether() {
        return batches.appliedTogether();
    }

    /**
     * Applies messages one after another in one transaction, each as the interface account with its own origin, their
     * audit events chained in one append just before the commit; throws, with everything rolled back, if any fails.
     */
    private List<String> applyTogether(List<Incoming> batch) {
        return audit.deferringTogether(() -> tx.execute(s -> {
            List<String> answers = new ArrayList<>(batch.size());
            for (Incoming m : batch) {
                answers.add(asInterface(m.h(), m.remoteAddress(), null, () -> applyIn(m, new boolean[1], new AdtMessage[1])));
            }
            audit.flushDeferred();
            return answers;
        }));
    }

    /**
     * Keeps the message as processed and applies it, in the caller's transaction, returning its AA. The message row comes
     * first: its unique key (sender, control id) claims the message, so a repeat of one already stored fails here,
     * before anything is read or changed (no separate look-up per message), and a repeat arriving at the same moment
     * waits for this one's outcome. Sets {@code claimed[0]} once the row is in, and {@code read[0]} to the message as
     * read, for the caller's error answer.
     */
    private String applyIn(Incoming m, boolean[] claimed, AdtMessage[] read) {
        AdtMessage.Header h = m.h();
        String ack = acks.accept(h, String.valueOf(m.text().fieldSeparator()), m.text().encodingCharacters());
        messages.insert(h, m.received(), m.at(), m.remoteAddress(), "processed", ack, null);
        claimed[0] = true;
        read[0] = reader.read(m.text());
        handler.apply(read[0]);
        return ack;
    }

    /** Applies one message in a transaction of its own; a message that fails is kept as failed and answered AE or AR. */
    private String applyAlone(Incoming m) {
        String received = m.received();
        String remoteAddress = m.remoteAddress();
        Instant at = m.at();
        Hl7Text text = m.text();
        AdtMessage.Header h = m.h();
        AdtMessage[] read = new AdtMessage[1];
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            boolean[] claimed = new boolean[1];
            try {
                return asInterface(h, remoteAddress, null, () -> tx.execute(s -> {
                    String ack = applyIn(m, claimed, read);
                    audit.flushDeferred(); // the message's audit events are chained in its transaction: they commit with its effects
                    return ack;
                }));
            } catch (DuplicateKeyException repeat) {
                // a repeat of a stored message (answered as it was first answered), or a race on a key while
                // applying (applied again, from the start)
                Optional<String> answer;
                try {
                    answer = messages.answer(h.sender(), h.controlId());
                } catch (RuntimeException e) {
                    IncidentLog.record("HL7", "receive", e);
                    return acks.error(h, String.valueOf(text.fieldSeparator()), text.encodingCharacters(), unavailable());
                }
                if (answer.isPresent()) return answer.get();
                failure = repeat;
                if (!claimed[0]) break;
            } catch (RuntimeException e) {
                failure = e;
                if (!concurrent(e)) break;
            }
        }
        Hl7Problem p = problem(failure, read[0]);
        String nak = acks.error(h, String.valueOf(text.fieldSeparator()), text.encodingCharacters(), p);
        try {
            tx.executeWithoutResult(s -> messages.insert(h, received, at, remoteAddress, "failed", nak, p));
            return nak;
        } catch (DuplicateKeyException repeat) {
            return messages.answer(h.sender(), h.controlId()).orElse(nak);
        } catch (RuntimeException notStored) {
            IncidentLog.record("HL7", "store", notStored);
            return acks.error(h, String.valueOf(text.fieldSeparator()), text.encodingCharacters(), unavailable());
        }
    }

    /** How often a message that ran into a concurrent change of the same records is applied before it fails. */
    static final int ATTEMPTS = 3;

    /**
     * A failure because another message changed the same records at the same moment (a stale version, a lock, a
     * patient registered meanwhile): applying the message again, from the start, sees the other's result.
     */
    private static boolean concurrent(RuntimeException e) {
        return e instanceof StaleVersionException || e instanceof org.springframework.dao.ConcurrencyFailureException
                || e instanceof InvalidRequestException i && i.getMessage() != null && i.getMessage().contains("meanwhile");
    }

    /** A message without a readable header or control id: kept as failed under a control id of our own. */
    private String unreadable(String received, String remoteAddress, Instant at, Hl7Problem p) {
        AdtMessage.Header h;
        String fieldSeparator = "|";
        String encoding = "^~\\&";
        try {
            Hl7Text text = Hl7Text.parse(received);
            fieldSeparator = String.valueOf(text.fieldSeparator());
            encoding = text.encodingCharacters();
            AdtMessage.Header read = reader.header(text);
            h = new AdtMessage.Header(read.sender(), read.sendingApplication(), read.sendingFacility(),
                    read.controlId() == null || read.controlId().isBlank() ? null : AdtReader.clip(read.controlId(), 199),
                    read.messageType(), read.event(), read.version(), read.sentAt());
        } catch (RuntimeException e) {
            h = new AdtMessage.Header("?/?", "", "", null, null, null, null, null);
        }
        String nak = acks.error(h, fieldSeparator, encoding, p);
        AdtMessage.Header stored = new AdtMessage.Header(h.sender(), h.sendingApplication(), h.sendingFacility(),
                "(none) " + acks.nextControlId(), h.messageType(), h.event(), h.version(), h.sentAt());
        try {
            tx.executeWithoutResult(s -> messages.insert(stored, received, at, remoteAddress, "failed", nak, p));
        } catch (RuntimeException notStored) {
            IncidentLog.record("HL7", "store", notStored);
        }
        return nak;
    }

    private static Hl7Problem unavailable() {
        return new Hl7Problem(Hl7Location.of("MSH", 0), Hl7Problem.INTERNAL_ERROR, "AR",
                "The message could not be stored now; send it again");
    }

    /** Why applying failed, as HL7 says it: the field named where the service named it. */
    private static Hl7Problem problem(RuntimeException e, AdtMessage m) {
        if (e instanceof Hl7Problem p) return p;
        if (e instanceof InvalidRequestException i) {
            String field = i.field() == null ? "" : i.field();
            String text = i.getMessage();
            Hl7Location at = locate(field, m);
            String code = switch (field) {
                case "identifiers", "identifier" -> text.contains("already") ? Hl7Problem.DUPLICATE_KEY : Hl7Problem.DATA_TYPE_ERROR;
                case "accountNumber" -> text.startsWith("No encounter") ? Hl7Problem.UNKNOWN_KEY
                        : text.contains("another patient") ? Hl7Problem.DUPLICATE_KEY : Hl7Problem.DATA_TYPE_ERROR;
                case "id" -> Hl7Problem.UNKNOWN_KEY;
                case "override", "reason", "retiredId", "survivorId", "dischargeAt" -> Hl7Problem.INTERNAL_ERROR;
                default -> Hl7Problem.DATA_TYPE_ERROR;
            };
            return new Hl7Problem(at, code, "AE", at + ": " + text);
        }
        if (e instanceof PatientNotFoundException || e instanceof NotFoundException) {
            return new Hl7Problem(Hl7Location.of("PID", 3), Hl7Problem.UNKNOWN_KEY, "AE", "PID-3: the patient was not found");
        }
        if (e instanceof StaleVersionException) {
            return new Hl7Problem(Hl7Location.of("PID", 3), Hl7Problem.RECORD_LOCKED, "AE",
                    "The record changed while this message was applied; send it again");
        }
        if (e instanceof AccessDeniedException) {
            return new Hl7Problem(Hl7Location.of("MSH", 0), Hl7Problem.INTERNAL_ERROR, "AR",
                    "The interface account may not do this; an administrator grants its role the permission");
        }
        if (e instanceof AuditUnavailableException) {
            return new Hl7Problem(Hl7Location.of("MSH", 0), Hl7Problem.INTERNAL_ERROR, "AR",
                    "The audit trail is unavailable, so nothing was changed; send it again");
        }
        String incident = IncidentLog.record("HL7", "apply", e);
        return new Hl7Problem(Hl7Location.of("MSH", 0), Hl7Problem.INTERNAL_ERROR, "AR",
                "The message could not be applied (incident " + incident + "); it is kept in the error queue");
    }

    private static Hl7Location locate(String field, AdtMessage m) {
        return switch (field) {
            case "familyName" -> Hl7Location.of("PID", 5, 1);
            case "givenName" -> Hl7Location.of("PID", 5, 2);
            case "middleName" -> Hl7Location.of("PID", 5, 3);
            case "birthDate" -> Hl7Location.of("PID", 7);
            case "sex" -> Hl7Location.of("PID", 8);
            case "race" -> Hl7Location.of("PID", 10);
            case "addressLine" -> Hl7Location.of("PID", 11, 1);
            case "city" -> Hl7Location.of("PID", 11, 3);
            case "state" -> Hl7Location.of("PID", 11, 4);
            case "postalCode" -> Hl7Location.of("PID", 11, 5);
            case "phone", "email" -> Hl7Location.of("PID", 13);
            case "language" -> Hl7Location.of("PID", 15);
            case "ssn" -> Hl7Location.of("PID", 19);
            case "ethnicity" -> Hl7Location.of("PID", 22);
            case "accountNumber" -> m == null ? Hl7Location.of("PID", 18) : m.visit().accountAt();
            case "encounterClass" -> Hl7Location.of("PV1", 2);
            case "location" -> Hl7Location.of("PV1", 3);
            case "department" -> Hl7Location.of("PV1", 10);
            case "dischargeDisposition" -> Hl7Location.of("PV1", 36);
            case "dischargeAt" -> Hl7Location.of("PV1", 45);
            case "override", "reason", "retiredId", "survivorId" -> Hl7Location.of("MRG", 1);
            case "facilityCode" -> Hl7Location.of("MSH", 4);
            default -> field.startsWith("identifiers") || field.equals("identifier") || field.equals("id")
                    ? Hl7Location.of("PID", 3) : Hl7Location.of("PID", 0);
        };
    }

    /** Runs the work as the interface account, its audit events carrying the sender and control id. */
    private <T> T asInterface(AdtMessage.Header h, String remoteAddress, String by, Supplier<T> work) {
        CurrentUser account = interfaceUser();
        SecurityContext before = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(account, null, List.of()));
        SecurityContextHolder.setContext(context);
        String note = "HL7 " + h.event() + " from " + h.sender() + ", control id " + h.controlId()
                + (by == null ? "" : ", reprocessed by " + by);
        try {
            // the duplicate check of a registered or changed patient runs after the answer, in the background
            return DuplicateService.checkingInBackground(() -> audit.from(new AuditService.Origin(
                    remoteAddress == null ? "localhost" : remoteAddress, AdtReader.clip("hl7:" + h.controlId(), 64), note,
                    true), work));
        } finally {
            SecurityContextHolder.setContext(before);
        }
    }

    private CurrentUser interfaceUser() {
        CurrentUser u = interfaceUser;
        if (u == null) {
            u = users.findByUsername(INTERFACE_USER).flatMap(a -> users.currentUser(a.id(), null))
                    .orElseThrow(() -> new AccessDeniedException("The interface account " + INTERFACE_USER + " is missing or disabled"));
            interfaceUser = u;
        }
        return u;
    }

    // ------------------------------------------------------------------ error queue

    /** Failed messages, newest first (the error queue). */
    public List<Hl7Message> failed(int limit) {
        return messages.byStatus("failed", Math.max(1, Math.min(limit, 500)));
    }

    public long failedCount() {
        return messages.count("failed");
    }

    public List<SenderStatistics> statistics() {
        return messages.statistics();
    }

    /** Opens one message with its text (which holds patient information): audited as a view. */
    public Hl7Message open(long id) {
        Hl7Message m = messages.find(id).orElseThrow(() -> new NotFoundException("No HL7 message " + id));
        audit.record(new AuditEntry(AuditAction.VIEW, DataCategory.DEMOGRAPHICS, AuditOutcome.SUCCESS, null,
                "Hl7Message", String.valueOf(id), null, "HL7 message " + m.event() + " from " + m.sender()
                + ", control id " + m.controlId() + " (" + m.status() + ")"));
        return m;
    }

    /**
     * Applies a failed message again, with the technician's corrected text (or as it is): in one transaction as the
     * interface account; processed, or failed again with the new error. Refused with 409 if it changed meanwhile.
     */
    public Hl7Message reprocess(long id, int expectedVersion, String correctedText) {
        CurrentUser technician = CurrentUser.require();
        Hl7Message m = messages.find(id).orElseThrow(() -> new NotFoundException("No HL7 message " + id));
        if (!m.failed()) throw new InvalidRequestException("status", "Only a failed message can be reprocessed (this one is " + m.status() + ")");
        if (m.rowVersion() != expectedVersion) throw new StaleVersionException("HL7 message " + id, expectedVersion);
        String textIn = correctedText == null || correctedText.isBlank() ? m.workingText() : correctedText.replace("\r\n", "\r").replace('\n', '\r');
        if (textIn.length() > 1_000_000) throw new InvalidRequestException("content", "The message is longer than 1,000,000 characters");
        String corrected = textIn.equals(m.content()) ? null : textIn;
        audit.record(new AuditEntry(AuditAction.UPDATE, DataCategory.DEMOGRAPHICS, AuditOutcome.SUCCESS, null,
                "Hl7Message", String.valueOf(id), null, "HL7 message reprocessed" + (corrected == null ? "" : " with a corrected text")
                + " (" + m.sender() + ", control id " + m.controlId() + ")"));
        Instant at = clock.instant();
        Hl7Text text;
        AdtMessage.Header h;
        try {
            text = Hl7Text.parse(textIn);
            AdtMessage.Header read = reader.header(text);
            h = new AdtMessage.Header(m.sender(), read.sendingApplication(), read.sendingFacility(), m.controlId(),
                    read.messageType(), read.event(), read.version(), read.sentAt());
        } catch (Hl7Problem p) {
            fail(m, corrected, acks.error(null, "|", "^~\\&", p), p, at);
            return messages.find(id).orElseThrow();
        }
        AdtMessage[] read = new AdtMessage[1];
        try {
            asInterface(h, "localhost", technician.username(), () -> tx.execute(s -> {
                read[0] = reader.read(text);
                handler.apply(read[0]);
                String ack = acks.accept(h, String.valueOf(text.fieldSeparator()), text.encodingCharacters());
                if (!messages.retry(id, expectedVersion, corrected, "processed", ack, null, at)) {
                    throw new StaleVersionException("HL7 message " + id, expectedVersion);
                }
                audit.flushDeferred();
                return ack;
            }));
        } catch (StaleVersionException e) {
            throw e;
        } catch (RuntimeException e) {
            Hl7Problem p = problem(e, read[0]);
            fail(m, corrected, acks.error(h, String.valueOf(text.fieldSeparator()), text.encodingCharacters(), p), p, at);
        }
        return messages.find(id).orElseThrow();
    }

    private void fail(Hl7Message m, String corrected, String nak, Hl7Problem p, Instant at) {
        tx.executeWithoutResult(s -> {
            if (!messages.retry(m.id(), m.rowVersion(), corrected, "failed", nak, p, at)) {
                throw new StaleVersionException("HL7 message " + m.id(), m.rowVersion());
            }
        });
    }

    /** Takes a failed message out of the queue without applying it; the reason is kept and audited. */
    public Hl7Message discard(long id, int expectedVersion, String reason) {
        CurrentUser technician = CurrentUser.require();
        if (reason == null || reason.isBlank()) {
            throw new InvalidRequestException("reason", "Give the reason for discarding the message");
        }
        if (reason.length() > 1000) throw new InvalidRequestException("reason", "The reason is at most 1,000 characters");
        Hl7Message m = messages.find(id).orElseThrow(() -> new NotFoundException("No HL7 message " + id));
        if (!m.failed()) throw new InvalidRequestException("status", "Only a failed message can be discarded (this one is " + m.status() + ")");
        audit.record(new AuditEntry(AuditAction.DELETE, DataCategory.DEMOGRAPHICS, AuditOutcome.SUCCESS, null,
                "Hl7Message", String.valueOf(id), reason.strip(), "HL7 message discarded (" + m.sender() + ", control id "
                + m.controlId() + ")"));
        Boolean done = tx.execute(s -> messages.discard(id, expectedVersion, technician.username(), reason.strip(), clock.instant()));
        if (!Boolean.TRUE.equals(done)) throw new StaleVersionException("HL7 message " + id, expectedVersion);
        return messages.find(id).orElseThrow();
    }

    static String describe(String status) {
        return status == null ? "" : status.toLowerCase(Locale.ROOT);
    }
}

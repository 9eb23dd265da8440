package org.chartkeeper.completion;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Physician queries as JSON: create, send, list (all or mine), answer, close, withdraw, report; templates. */
@RestController
class QueryApi {

    private final QueryService queries;
    private final java.time.Clock clock;

    QueryApi(QueryService queries, java.time.Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    record QueryJson(long id, long patientId, long encounterId, String accountNumber, long providerId, String provider,
                     String author, Long templateId, String kind, String yesNoPurpose, String topic, String question,
                     List<String> options, List<QueryIndicator> indicators, String status, Instant createdAt,
                     Instant sentAt, Instant dueAt, boolean overdue, Instant escalatedAt, Instant answeredAt,
                     String answerOption, String answerText, Long answerDocumentId, String outcome, String outcomeNote,
                     Instant closedAt, String withdrawnReason, Long workItemId, Long escalationItemId, int version) {

        static QueryJson of(PhysicianQuery q, Instant now) {
            return new QueryJson(q.id(), q.patientId(), q.encounterId(), q.accountNumber(), q.providerId(), q.providerName(),
                    q.authorName(), q.templateId(), q.kind().code, q.yesNoPurpose(), q.topic(), q.question(), q.options(),
                    q.indicators(), q.status().code(), q.createdAt(), q.sentAt(), q.dueAt(), q.overdueAt(now),
                    q.escalatedAt(), q.answeredAt(), q.answerOption(), q.answerText(), q.answerDocumentId(),
                    q.outcome() == null ? null : q.outcome().code(), q.outcomeNote(), q.closedAt(), q.withdrawnReason(),
                    q.workItemId(), q.escalationItemId(), q.version());
        }
    }

    record VersionBody(Integer version) {}

    record AnswerBody(Integer version, String option, String text) {}

    record CloseBody(Integer version, String outcome, String note) {}

    record WithdrawBody(Integer version, String reason) {}

    record TemplateBody(String code, String name, String kind, String yesNoPurpose, String question, List<String> options,
                        Boolean active, Integer version) {}

    @PatientData
    @PostMapping("/api/queries")
    ResponseEntity<QueryJson> create(@RequestBody NewPhysicianQuery body) {
        PhysicianQuery q = queries.create(body);
        return ResponseEntity.created(URI.create("/api/queries/" + q.id())).body(QueryJson.of(q, clock.instant()));
    }

    /** All queries (query.read), or with {@code mine=true} the current provider's open queries, oldest first. */
    @PatientData
    @GetMapping("/api/queries")
    List<QueryJson> list(@RequestParam(required = false) String status, @RequestParam(required = false) Long providerId,
                         @RequestParam(required = false) Long encounterId, @RequestParam(required = false) Boolean mine) {
        List<PhysicianQuery> list = Boolean.TRUE.equals(mine) ? queries.mine()
                : queries.list(status == null || status.isBlank() ? null : QueryStatus.of("status", status), providerId,
                encounterId);
        return list.stream().map(q -> QueryJson.of(q, clock.instant())).toList();
    }

    @PatientData
    @GetMapping("/api/queries/{queryId}")
    QueryJson get(@PathVariable long queryId) {
        return json(queries.get(queryId));
    }

    @PatientData
    @PostMapping("/api/queries/{queryId}/send")
    QueryJson send(@PathVariable long queryId, @RequestBody VersionBody body) {
        return json(queries.send(queryId, version(body.version())));
    }

    @PatientData
    @PostMapping("/api/queries/{queryId}/answer")
    QueryJson answer(@PathVariable long queryId, @RequestBody AnswerBody body) {
        return json(queries.answer(queryId, version(body.version()), body.option(), body.text()));
    }

    @PatientData
    @PostMapping("/api/queries/{queryId}/close")
    QueryJson close(@PathVariable long queryId, @RequestBody CloseBody body) {
        return json(queries.close(queryId, version(body.version()), body.outcome(), body.note()));
    }

    @PatientData
    @PostMapping("/api/queries/{queryId}/withdraw")
    QueryJson withdraw(@PathVariable long queryId, @RequestBody WithdrawBody body) {
        return json(queries.withdraw(queryId, version(body.version()), body.reason()));
    }

    @NoPatientData
    @GetMapping("/api/queries/report")
    QueryReport report(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        return queries.report(QueryController.date("from", from), QueryController.date("to", to));
    }

    @NoPatientData
    @GetMapping("/api/query-templates")
    List<QueryTemplate> templates() {
        return queries.templates();
    }

    @NoPatientData
    @PostMapping("/api/query-templates")
    ResponseEntity<QueryTemplate> createTemplate(@RequestBody TemplateBody body) {
        QueryTemplate t = queries.saveTemplate(template(null, body), null);
        return ResponseEntity.created(URI.create("/api/query-templates/" + t.id())).body(t);
    }

    @NoPatientData
    @PutMapping("/api/query-templates/{templateId}")
    QueryTemplate updateTemplate(@PathVariable long templateId, @RequestBody TemplateBody body) {
        return queries.saveTemplate(template(templateId, body), version(body.version()));
    }

    private QueryJson json(PhysicianQuery q) {
        return QueryJson.of(q, clock.instant());
    }

    static QueryTemplate template(Long id, TemplateBody b) {
        return new QueryTemplate(id, b.code(), b.name(), b.kind() == null || b.kind().isBlank() ? null
                : QueryKind.of("kind", b.kind()), b.yesNoPurpose(), b.question(), b.options(),
                b.active() == null || b.active(), 0);
    }

    static int version(Integer v) {
        if (v == null) throw new InvalidRequestException("version", "Give the version you are changing");
        return v;
    }
}

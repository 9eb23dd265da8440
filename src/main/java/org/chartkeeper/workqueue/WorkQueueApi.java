package org.chartkeeper.workqueue;

import java.util.List;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.web.PatientData;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Work items as JSON. Lists take only the queue type and a status filter (no patient data in the query string);
 * every action sends the item's {@code version} and answers 409 when it is stale. Responses name patients by id and
 * are recorded in the audit trail.
 */
@RestController
@RequestMapping("/api/work-items")
class WorkQueueApi {

    private final WorkQueueService queues;

    WorkQueueApi(WorkQueueService queues) {
        this.queues = queues;
    }

    record ItemList(List<WorkItem> items, boolean truncated) {}

    record VersionBody(Integer version) {}

    record AssignBody(Long userId, Integer version) {}

    record CompleteBody(Integer version, String resolution, String outcome) {}

    record CancelBody(Integer version, String note) {}

    @PatientData
    @GetMapping
    ItemList list(@RequestParam(required = false) String type, @RequestParam(required = false) String status) {
        List<WorkItem> items = queues.items(type, ItemFilter.parse(status));
        return new ItemList(items, items.size() >= WorkQueueService.LIST_LIMIT);
    }

    @PatientData
    @GetMapping("/{itemId}")
    WorkItemDetail get(@PathVariable long itemId) {
        return queues.detail(itemId);
    }

    @PatientData
    @PostMapping("/{itemId}/claim")
    WorkItemDetail claim(@PathVariable long itemId, @RequestBody VersionBody body) {
        queues.claim(itemId, version(body.version()));
        return queues.detail(itemId);
    }

    @PatientData
    @PostMapping("/{itemId}/assign")
    WorkItemDetail assign(@PathVariable long itemId, @RequestBody AssignBody body) {
        if (body.userId() == null) throw new InvalidRequestException("userId", "userId is required");
        queues.assign(itemId, body.userId(), version(body.version()));
        return queues.detail(itemId);
    }

    @PatientData
    @PostMapping("/{itemId}/release")
    WorkItemDetail release(@PathVariable long itemId, @RequestBody VersionBody body) {
        queues.release(itemId, version(body.version()));
        return queues.detail(itemId);
    }

    @PatientData
    @PostMapping("/{itemId}/complete")
    WorkItemDetail complete(@PathVariable long itemId, @RequestBody CompleteBody body) {
        queues.complete(itemId, version(body.version()), body.resolution(), body.outcome());
        return queues.detail(itemId);
    }

    @PatientData
    @PostMapping("/{itemId}/cancel")
    WorkItemDetail cancel(@PathVariable long itemId, @RequestBody CancelBody body) {
        queues.cancel(itemId, version(body.version()), body.note());
        return queues.detail(itemId);
    }

    private static int version(Integer version) {
        if (version == null) throw new InvalidRequestException("version", "version is required (the item's current version)");
        return version;
    }
}

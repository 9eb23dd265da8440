package org.chartkeeper.coding;

import java.util.List;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.chartkeeper.workqueue.Assignee;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The coding queue and DNFB over JSON. {@code type} is the patient type (encounter class), {@code coder} the assigned
 * coder ("-" for unassigned), {@code from}/{@code to} discharge dates, {@code minDays} the least age in days.
 */
@RestController
@RequestMapping("/api/coding")
class CodingQueueApi {

    private final CodingQueueService queue;

    CodingQueueApi(CodingQueueService queue) {
        this.queue = queue;
    }

    record Assignment(String coder, Integer version) {}

    @PatientData
    @GetMapping("/queue")
    CodingQueueService.Queue queue(@RequestParam(required = false) String type, @RequestParam(required = false) String coder,
                                   @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                   @RequestParam(required = false) Integer minDays) {
        return queue.queue(filter(type, coder, from, to, minDays));
    }

    @NoPatientData
    @GetMapping("/dnfb")
    CodingQueueService.Dnfb dnfb(@RequestParam(required = false) String type, @RequestParam(required = false) String coder,
                                 @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                 @RequestParam(required = false) Integer minDays) {
        return queue.dnfb(filter(type, coder, from, to, minDays));
    }

    @NoPatientData
    @GetMapping("/coders")
    List<Assignee> coders() {
        return queue.coders();
    }

    @PatientData
    @PutMapping("/queue/{encounterId}/assignment")
    CodingQueueService.Queue assign(@PathVariable long encounterId, @RequestBody Assignment body) {
        queue.assign(encounterId, body.coder(), body.version());
        return queue.queue(CodingQueueService.Filter.ALL);
    }

    static CodingQueueService.Filter filter(String type, String coder, String from, String to, Integer minDays) {
        return new CodingQueueService.Filter(type, coder, Dates.parse("from", from), Dates.parse("to", to), minDays);
    }
}

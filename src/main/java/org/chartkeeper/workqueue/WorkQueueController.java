package org.chartkeeper.workqueue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.chartkeeper.InvalidRequestException;
import org.chartkeeper.StaleVersionException;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The queue pages: all my queues, one queue with its deadline clocks, one item with its history, and the actions. */
@Controller
@RequestMapping("/queues")
class WorkQueueController {

    private final WorkQueueService queues;

    WorkQueueController(WorkQueueService queues) {
        this.queues = queues;
    }

    @NoPatientData
    @GetMapping
    String queues(Model model) {
        model.addAttribute("summaries", queues.summary());
        return "workqueue/queues";
    }

    @PatientData
    @GetMapping("/{type}")
    String queue(@PathVariable String type, @RequestParam(required = false) String status, Model model) {
        ItemFilter filter = ItemFilter.parse(status);
        WorkItemType queueType = queues.type(type);
        List<WorkItem> items = queues.queue(type, filter);
        Map<Long, NextActions> actions = new LinkedHashMap<>();
        items.forEach(i -> actions.put(i.id(), queues.nextActions(i)));
        model.addAttribute("queue", queueType);
        model.addAttribute("filter", filter);
        model.addAttribute("filters", Arrays.asList(ItemFilter.values()));
        model.addAttribute("items", items);
        model.addAttribute("actions", actions);
        model.addAttribute("limit", WorkQueueService.LIST_LIMIT);
        model.addAttribute("assignees", queues.currentUserManages() ? assigneesByPool(items) : Map.of());
        model.addAttribute("outcomes", queues.outcomes(type));
        return "workqueue/queue";
    }

    @PatientData
    @GetMapping("/items/{itemId}")
    String item(@PathVariable long itemId, Model model) {
        WorkItemDetail detail = queues.detail(itemId);
        model.addAttribute("detail", detail);
        model.addAttribute("item", detail.item());
        model.addAttribute("queue", queues.type(detail.item().type()));
        model.addAttribute("assignees", detail.actions().assign() ? queues.assignees(detail.item().poolRole()) : List.of());
        return "workqueue/item";
    }

    @NoPatientData
    @PostMapping("/items/{itemId}/claim")
    String claim(@PathVariable long itemId, @RequestParam int version, @RequestParam(required = false) String back,
                 RedirectAttributes flash) {
        return act(itemId, back, flash, "You have claimed work item " + itemId + ".", () -> queues.claim(itemId, version));
    }

    @NoPatientData
    @PostMapping("/items/{itemId}/release")
    String release(@PathVariable long itemId, @RequestParam int version, @RequestParam(required = false) String back,
                   RedirectAttributes flash) {
        return act(itemId, back, flash, "Work item " + itemId + " is back in its pool.",
                () -> queues.release(itemId, version));
    }

    @NoPatientData
    @PostMapping("/items/{itemId}/complete")
    String complete(@PathVariable long itemId, @RequestParam int version,
                    @RequestParam(required = false) String resolution, @RequestParam(required = false) String outcome,
                    @RequestParam(required = false) String back, RedirectAttributes flash) {
        return act(itemId, back, flash, "Work item " + itemId + " is done.",
                () -> queues.complete(itemId, version, resolution, outcome));
    }

    @NoPatientData
    @PostMapping("/items/{itemId}/assign")
    String assign(@PathVariable long itemId, @RequestParam int version, @RequestParam(required = false) Long userId,
                  @RequestParam(required = false) String back, RedirectAttributes flash) {
        return act(itemId, back, flash, "Work item " + itemId + " is assigned.", () -> {
            if (userId == null) throw new InvalidRequestException("userId", "Choose a user to assign the item to");
            return queues.assign(itemId, userId, version);
        });
    }

    @NoPatientData
    @PostMapping("/items/{itemId}/cancel")
    String cancel(@PathVariable long itemId, @RequestParam int version, @RequestParam(required = false) String note,
                  RedirectAttributes flash) {
        return act(itemId, "item", flash, "Work item " + itemId + " is cancelled.",
                () -> queues.cancel(itemId, version, note));
    }

    /** Runs one action, then redirects (after POST) to the queue or the item with a message saying what happened. */
    private static String act(long itemId, String back, RedirectAttributes flash, String done, Supplier<WorkItem> action) {
        try {
            WorkItem item = action.get();
            flash.addFlashAttribute("flash", done);
            return "list".equals(back) ? "redirect:/queues/" + item.type() : "redirect:/queues/items/" + itemId;
        } catch (InvalidRequestException | StaleVersionException e) {
            flash.addFlashAttribute("error", e.getMessage());
            return "redirect:/queues/items/" + itemId;
        }
    }

    private Map<String, List<Assignee>> assigneesByPool(List<WorkItem> items) {
        Map<String, List<Assignee>> byPool = new LinkedHashMap<>();
        items.stream().map(WorkItem::poolRole).filter(java.util.Objects::nonNull).distinct()
                .forEach(pool -> byPool.put(pool, queues.assignees(pool)));
        return byPool;
    }
}

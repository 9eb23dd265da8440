package org.chartkeeper.web;

import java.util.List;
import org.chartkeeper.security.PermissionService;
import org.chartkeeper.security.Permissions;
import org.chartkeeper.workqueue.WorkQueueService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The landing page after sign-in: the user's queues with counts and oldest due item, and their role's quick links. */
@Controller
class HomeController {

    private final WorkQueueService queues;
    private final PermissionService permissions;

    HomeController(WorkQueueService queues, PermissionService permissions) {
        this.queues = queues;
        this.permissions = permissions;
    }

    @NoPatientData
    @GetMapping("/")
    String home(Model model) {
        boolean works = permissions.currentHas(Permissions.WORKQUEUE_WORK);
        model.addAttribute("worksQueues", works);
        model.addAttribute("summaries", works ? queues.summary() : List.of());
        return "home";
    }
}

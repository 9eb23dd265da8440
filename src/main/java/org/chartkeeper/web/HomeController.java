package org.chartkeeper.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The landing page after sign-in: the user's queues and the tasks their role has. */
@Controller
class HomeController {

    @org.chartkeeper.web.NoPatientData
    @GetMapping("/")
    String home() {
        return "home";
    }
}

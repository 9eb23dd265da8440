package org.chartkeeper.completion;

import java.time.Clock;
import org.chartkeeper.security.CurrentUser;
import org.chartkeeper.security.PermissionService;
import org.chartkeeper.web.NoPatientData;
import org.chartkeeper.web.PatientData;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Notices (list, one notice, its PDF letter, run on demand) and the suspension list. */
@Controller
class NoticeController {

    private final NoticeService notices;
    private final DeficiencyService deficiencies;
    private final PermissionService permissions;
    private final Clock clock;

    NoticeController(NoticeService notices, DeficiencyService deficiencies, PermissionService permissions, Clock clock) {
        this.notices = notices;
        this.deficiencies = deficiencies;
        this.permissions = permissions;
        this.clock = clock;
    }

    @NoPatientData
    @GetMapping("/completion/notices")
    String list(@RequestParam(required = false) Long providerId, @RequestParam(required = false) String stage, Model model) {
        model.addAttribute("notices", notices.recent(providerId, stage, 300));
        model.addAttribute("stages", notices.stages());
        model.addAttribute("providers", deficiencies.providers());
        model.addAttribute("providerId", providerId);
        model.addAttribute("stage", stage);
        model.addAttribute("canManage", permissions.has(CurrentUser.require(), DeficiencyService.MANAGE));
        return "completion/notice-list";
    }

    @NoPatientData
    @PostMapping("/completion/notices/run")
    String run(RedirectAttributes redirect) {
        int n = notices.runNow();
        redirect.addFlashAttribute("flash", n == 0 ? "No new notices are due." : n + " notice(s) made.");
        return "redirect:/completion/notices";
    }

    @PatientData
    @GetMapping("/completion/notices/{noticeId}")
    String notice(@PathVariable long noticeId, Model model) {
        NoticeService.NoticeView view = notices.view(noticeId);
        notices.markRead(noticeId);
        model.addAttribute("v", view);
        model.addAttribute("now", clock.instant());
        return "completion/notice-detail";
    }

    @PatientData
    @GetMapping("/completion/notices/{noticeId}/letter.pdf")
    ResponseEntity<byte[]> letter(@PathVariable long noticeId) {
        byte[] pdf = notices.letter(noticeId);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename("notice-" + noticeId + ".pdf").build().toString())
                .body(pdf);
    }

    @NoPatientData
    @GetMapping("/completion/suspensions")
    String suspensions(Model model) {
        model.addAttribute("providers", notices.suspensions());
        model.addAttribute("now", clock.instant());
        return "completion/notice-suspensions";
    }
}

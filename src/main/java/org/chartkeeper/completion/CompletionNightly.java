package org.chartkeeper.completion;

import org.chartkeeper.audit.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The nightly chart-completion run: the full deficiency pass over every encounter, then the notices.
 * chartkeeper.completion.nightly-cron (Spring cron, UTC; "-" switches it off), default 02:30 every night.
 */
@Component
class CompletionNightly {

    private static final Logger log = LoggerFactory.getLogger(CompletionNightly.class);

    private final DeficiencyService deficiencies;
    private final NoticeService notices;

    CompletionNightly(DeficiencyService deficiencies, NoticeService notices) {
        this.deficiencies = deficiencies;
        this.notices = notices;
    }

    @Scheduled(cron = "${chartkeeper.completion.nightly-cron:0 30 2 * * *}", zone = "UTC")
    void run() {
        try {
            Actor system = Actor.system("completion-nightly");
            deficiencies.analyzeAll(system);
            notices.run(system);
        } catch (RuntimeException e) {
            log.error("Nightly chart-completion run failed", e);
        }
    }
}

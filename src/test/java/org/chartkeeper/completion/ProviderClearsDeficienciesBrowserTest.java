package org.chartkeeper.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.chartkeeper.Api;
import org.chartkeeper.Browser;
import org.chartkeeper.BrowserTestSupport;
import org.chartkeeper.IntegrationTest;
import org.chartkeeper.audit.Actor;
import org.chartkeeper.security.UserService;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A physician signs in, opens their deficiency queue, signs each document from it, and the queue empties. */
@IntegrationTest
class ProviderClearsDeficienciesBrowserTest extends BrowserTestSupport {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    UserService users;

    @Test
    void a_provider_signs_the_documents_in_their_queue_and_the_queue_empties() {
        String username = "drqueue" + (System.nanoTime() % 100000);
        String password = "Queue-test-password-42";
        long userId = users.create(username, "Dr. Quinn Queue", password, Set.of("physician"), false, Actor.system("test")).id();
        // the physician attends an office visit (a patient in their care, whose chart they may sign in)
        CompletionFixtures visit = CompletionFixtures.stay(jdbc, "OUTPATIENT", java.time.Instant.now().minusSeconds(3600),
                java.time.Instant.now().minusSeconds(1800));
        long provider = visit.attendingId;
        jdbc.sql("update provider set user_id = ? where id = ?").params(userId, provider).update();
        long encounter = visit.encounterId;
        long patient = visit.patientId;
        // transcription files two dictated notes under the physician's name; each is an unsigned deficiency of theirs
        for (String text : new String[] {"Consultation: chest pain, troponin negative.", "Progress note: ambulating."}) {
            var r = Api.as(port, "him").post("/api/patients/" + patient + "/documents", "{\"encounterId\":" + encounter
                    + ",\"typeCode\":\"consultation\",\"source\":\"dictated\",\"authorProviderId\":" + provider
                    + ",\"body\":\"" + text + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        assertThat(jdbc.sql("select count(*) from deficiency where responsible_provider_id = ? and status = 'open'")
                .param(provider).query(Long.class).single()).isEqualTo(2);

        Browser.login(browser, port, username, password);
        browser.findElement(By.id("nav-my-deficiencies")).click();
        assertThat(browser.findElements(By.cssSelector("#my-deficiencies tbody tr"))).hasSize(2);
        for (int i = 0; i < 2; i++) {
            Browser.clickAndWaitForNextPage(browser, By.cssSelector("#my-deficiencies button.sign"), Duration.ofSeconds(20));
            assertThat(browser.findElement(By.cssSelector(".notice.ok")).getText()).startsWith("Signed document");
        }
        assertThat(browser.findElement(By.id("queue-empty")).getText()).contains("Nothing to complete");
        assertThat(jdbc.sql("select count(*) from deficiency where responsible_provider_id = ? and status = 'open'")
                .param(provider).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from document where author_provider_id = ? and status = 'signed'")
                .param(provider).query(Long.class).single()).isEqualTo(2);
    }
}

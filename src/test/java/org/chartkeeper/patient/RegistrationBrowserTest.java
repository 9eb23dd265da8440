package org.chartkeeper.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.chartkeeper.Browser;
import org.chartkeeper.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class RegistrationBrowserTest {

    @LocalServerPort
    int port;

    @Test
    void a_registrar_registers_a_person_and_a_second_registration_of_them_offers_the_existing_chart() throws Exception {
        String family = RegistrationApiTest.uniqueName();
        WebDriver d = Browser.start();
        try {
            Browser.login(d, port, "him", "chartkeeper-demo");
            d.get("http://localhost:" + port + "/patients");
            d.findElement(By.id("register-link")).click();
            fill(d, family);
            d.findElement(By.id("register-button")).click();
            assertThat(d.findElement(By.id("patient-name")).getText()).contains(family + ", Lena");
            String chartUrl = d.getCurrentUrl();

            d.get("http://localhost:" + port + "/patients/new");
            fill(d, family);
            d.findElement(By.id("register-button")).click();
            assertThat(d.findElement(By.id("likely-matches")).getText()).contains("This person may already be registered")
                    .contains(family);
            screenshot(d, "registration-likely-matches.png");
            d.findElement(By.cssSelector("#candidate-table tbody tr td a")).click();
            assertThat(d.getCurrentUrl()).isEqualTo(chartUrl);
        } finally {
            d.quit();
        }
    }

    private static void fill(WebDriver d, String family) {
        d.findElement(By.id("familyName")).sendKeys(family);
        d.findElement(By.id("givenName")).sendKeys("Lena");
        // a date input takes the digits in the browser's locale order (en-US: month, day, year)
        d.findElement(By.id("birthDate")).sendKeys("03142001");
        new Select(d.findElement(By.id("sex"))).selectByValue("female");
        d.findElement(By.id("phone")).sendKeys("(216) 555-0177");
        new Select(d.findElement(By.id("language"))).selectByValue("es");
        d.findElement(By.id("race-2106-3")).click();
    }

    private static void screenshot(WebDriver d, String name) throws Exception {
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        Files.move(((TakesScreenshot) d).getScreenshotAs(OutputType.FILE).toPath(), out.resolve(name),
                StandardCopyOption.REPLACE_EXISTING);
    }
}

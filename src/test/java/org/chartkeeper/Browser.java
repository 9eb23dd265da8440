package org.chartkeeper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Headless Chromium through Selenium, with Debian's chromium and chromium-driver. */
public final class Browser {

    private Browser() {}

    public static WebDriver start() {
        Path chromium = Path.of("/usr/bin/chromium");
        Path driver = Path.of("/usr/bin/chromedriver");
        Assumptions.assumeTrue(Files.isExecutable(chromium) && Files.isExecutable(driver),
                "Browser tests skipped: install Debian's chromium and chromium-driver (.ci/run does)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).build();
        ChromeDriver d = new ChromeDriver(service, options);
        d.manage().timeouts().implicitlyWait(Duration.ofSeconds(3));
        return d;
    }

    /**
     * Clicks a button that submits a form or follows a link and waits until the next page has loaded. A marker set on
     * the current window disappears when the browser replaces the document; polling for it (ignoring the errors a
     * page in mid-navigation gives) is more dependable than waiting for an element of the old page to go stale, which
     * Chrome sometimes answers with "Node with given id does not belong to the document".
     */
    public static void clickAndWaitForNextPage(WebDriver d, By button, Duration timeout) {
        ((org.openqa.selenium.JavascriptExecutor) d).executeScript("window.__chartkeeperPage = 'old';");
        d.findElement(button).click();
        new org.openqa.selenium.support.ui.WebDriverWait(d, timeout)
                .ignoring(org.openqa.selenium.WebDriverException.class)
                .until(x -> Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) x).executeScript(
                        "return window.__chartkeeperPage !== 'old' && document.readyState === 'complete';")));
    }

    public static void login(WebDriver d, int port, String username, String password) {
        d.get("http://localhost:" + port + "/login");
        d.findElement(By.id("username")).sendKeys(username);
        d.findElement(By.id("password")).sendKeys(password);
        d.findElement(By.id("sign-in")).click();
        // wait for the POST and its redirect to land: the address stops being the bare login page
        new org.openqa.selenium.support.ui.WebDriverWait(d, Duration.ofSeconds(10))
                .until(x -> !x.getCurrentUrl().endsWith("/login"));
    }
}

package org.chartkeeper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.WebDriver;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A browser test's set-up: the server's port and a fresh headless Chromium for each test, closed after it. */
public abstract class BrowserTestSupport {

    @LocalServerPort
    protected int port;

    protected WebDriver browser;

    @BeforeEach
    void openBrowser() {
        browser = Browser.start();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) browser.quit();
    }

    /** The address of a path on the server under test. */
    protected String url(String path) {
        return "http://localhost:" + port + path;
    }
}

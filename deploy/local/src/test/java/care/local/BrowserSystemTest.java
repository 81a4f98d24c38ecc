package care.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A browser test against the running platform ({@link SystemPlatform}): one headless Chromium per class, at phone
 * size with no cookies at the start of each test. Without Chromium every test is skipped and the platform does not
 * start.
 */
abstract class BrowserSystemTest {

    static WebBrowser browser;
    static LocalPlatform platform;

    @BeforeEach
    void startOnce() throws Exception {
        WebBrowser.assumeInstalled();
        if (browser == null) {
            platform = SystemPlatform.get();
            browser = WebBrowser.start(platform.gateway);
        }
        browser.clearCookies().phone();
    }

    @AfterAll
    static void quit() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }
}

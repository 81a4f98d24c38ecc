package care.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's Chromium, headless, driven by Selenium for the web app's browser tests: phone size (390×844 at
 * pixel ratio 3) by default, desktop (1280×900) on request. Each screen can be saved as a PNG under
 * {@code target/screenshots/<name>.png} and checked with axe-core against WCAG 2.0, 2.1 and 2.2 A and AA.
 * Chromium and ChromeDriver are {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}, or where
 * {@code CARE_CHROMIUM} and {@code CARE_CHROMEDRIVER} say; without them the tests are skipped (assumption), not
 * failed. Nothing is downloaded: the driver is given, and Selenium Manager is told to stay offline.
 */
final class WebBrowser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();
    static final List<String> WCAG_TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");

    private static final Map<String, Object> PHONE = Map.of("width", 390, "height", 844, "deviceScaleFactor", 3,
            "mobile", true);
    private static final Map<String, Object> DESKTOP = Map.of("width", 1280, "height", 900, "deviceScaleFactor", 1,
            "mobile", false);

    private final ChromeDriver driver;
    private final String baseUrl;

    private WebBrowser(ChromeDriver driver, String baseUrl) {
        this.driver = driver;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts Chromium at phone size for pages under this address (e.g. the gateway's); skips the calling test
     * when Chromium or ChromeDriver is not installed.
     */
    static WebBrowser start(String baseUrl) {
        assumeInstalled();
        Path chromium = chromium();
        Path chromedriver = chromedriver();
        // Selenium Manager would otherwise look for browsers and drivers on the network.
        System.setProperty("SE_OFFLINE", "true");
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--window-size=1280,900", "--lang=en-US", "--force-prefers-reduced-motion")
                .setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
                        Map.of("width", 390, "height", 844, "pixelRatio", 3.0)));
        // The console's errors (CSP violations, script errors) are kept for consoleErrors().
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver.toString())).usingAnyFreePort()
                .withLogFile(Path.of("target", "chromedriver.log").toAbsolutePath().toFile()).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new WebBrowser(driver, baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
    }

    /** Skips the calling test (assumption) when Chromium or ChromeDriver is not installed. */
    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(chromium()),
                "no Chromium at " + chromium() + " (CARE_CHROMIUM): browser tests skipped");
        assumeTrue(Files.isExecutable(chromedriver()),
                "no ChromeDriver at " + chromedriver() + " (CARE_CHROMEDRIVER): browser tests skipped");
    }

    private static Path chromium() {
        return Path.of(setting("CARE_CHROMIUM", "/usr/bin/chromium"));
    }

    private static Path chromedriver() {
        return Path.of(setting("CARE_CHROMEDRIVER", "/usr/bin/chromedriver"));
    }

    private static String setting(String variable, String fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : value;
    }

    WebDriver driver() {
        return driver;
    }

    /** Forgets every cookie, so the next page starts signed out. */
    WebBrowser clearCookies() {
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        return this;
    }

    /** Phone size: 390×844 CSS pixels at pixel ratio 3, as a touch device. */
    WebBrowser phone() {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", PHONE);
        return this;
    }

    /** Desktop size: 1280×900 CSS pixels. */
    WebBrowser desktop() {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", DESKTOP);
        return this;
    }

    /** The width of the page's viewport in CSS pixels, as the page sees it. */
    long viewportWidth() {
        return ((Number) script("return window.innerWidth;")).longValue();
    }

    /** Opens this path (e.g. {@code /sign-in}) and waits for the page to be loaded. */
    WebBrowser open(String path) {
        driver.get(baseUrl + path);
        awaitLoaded();
        return this;
    }

    /**
     * Does what leaves this page (a click on a link or a button, Enter in a form) and waits until the next page
     * has replaced it and loaded.
     */
    WebBrowser navigate(Runnable action) {
        WebElement page = find("html");
        action.run();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> gone(page));
        awaitLoaded();
        return this;
    }

    /**
     * Whether this element's page has been replaced: Selenium says the element is stale, or Chromium says its node
     * no longer belongs to the document (what it answers while the old document is being torn down).
     */
    private static boolean gone(WebElement element) {
        try {
            return ExpectedConditions.stalenessOf(element).apply(null);
        } catch (org.openqa.selenium.WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    /**
     * What {@code action} returns once the page holds still: an element found while a loaded page was still being
     * replaced (a late redirect, a slow machine) is from the old document, so the action is tried again, for up to
     * 15 s, when Chromium says the element is stale or no longer in the document.
     */
    <T> T settled(java.util.function.Supplier<T> action) {
        return new WebDriverWait(driver, Duration.ofSeconds(15))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(d -> {
                    try {
                        return action.get();
                    } catch (org.openqa.selenium.WebDriverException e) {
                        if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                            return null;
                        }
                        throw e;
                    }
                });
    }

    /**
     * Signs in with "Sign in as" (local mode) in this role, in a fresh session at phone size; a patient keeps the
     * suggested patient id unless one is given, and gets the subject {@code user-<patient id>}.
     *
     * @return the patient id the page used (for staff: what the field suggested, unused)
     */
    String signInAs(String role, String subject, String patientId) {
        clearCookies().phone();
        open("/sign-in");
        click("#role-" + role);
        if (subject != null) {
            type("Subject (user id)", subject);
        }
        String id = patientId != null ? patientId : settled(() -> field("Patient id (patients only)").getDomProperty("value"));
        if ("PATIENT".equals(role)) {
            type("Patient id (patients only)", id);
            type("Subject (user id)", "user-" + id);
        }
        go("main button[type=submit]");
        assertThat(path()).as("signed in as %s: %s", role, text()).isEqualTo("/");
        return id;
    }

    /** Opens this path again until the element appears (what travels through Kafka takes a moment), for 30 s. */
    void awaitElement(String path, String cssSelector) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (driver.findElements(By.cssSelector(cssSelector)).isEmpty()) {
            assertThat(System.nanoTime()).as("%s on %s: %s", cssSelector, path, text()).isLessThan(deadline);
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            open(path);
        }
    }

    /** Clicks what this selector finds once the page holds still. */
    void click(String cssSelector) {
        settled(() -> {
            find(cssSelector).click();
            return true;
        });
    }

    /** Clicks a link or a button that leaves the page, and waits for the next page. */
    void go(String cssSelector) {
        navigate(() -> click(cssSelector));
    }

    /** Fills the registration form (the page at {@code /register}) for a patient in US-CA, without sending it. */
    void fillRegistration(String givenName, String familyName, String dateOfBirth, String phone, String timeZone) {
        type("Given name", givenName);
        type("Family name", familyName);
        // A date field's parts follow the browser's locale: set the value itself.
        script("arguments[0].value = arguments[1];", field("Date of birth"), dateOfBirth);
        type("Email", givenName.toLowerCase() + "." + java.util.UUID.randomUUID().toString().substring(0, 8)
                + "@example.com");
        type("Mobile phone", phone);
        type("Where you receive care", "US-CA");
        type("Your time zone", timeZone);
    }

    /** Replaces the value of the field this label names. */
    void type(String label, String value) {
        WebElement input = field(label);
        input.clear();
        input.sendKeys(value);
    }

    /** The path of the current page, e.g. {@code /register}. */
    String path() {
        return (String) script("return window.location.pathname;");
    }

    /** Waits until the current page has loaded (after a navigation such as a form post). */
    void awaitLoaded() {
        new WebDriverWait(driver, Duration.ofSeconds(30))
                .until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState;")));
    }

    /** The element this CSS selector finds. */
    WebElement find(String cssSelector) {
        return driver.findElement(By.cssSelector(cssSelector));
    }

    /** The input a label with this text (exactly, after trimming) is for. */
    WebElement field(String labelText) {
        WebElement input = (WebElement) script("""
                const wanted = arguments[0];
                for (const label of document.querySelectorAll('label')) {
                    const span = label.querySelector('span');
                    const text = (span ? span.textContent : label.textContent).trim();
                    if (text === wanted) {
                        return label.control;
                    }
                }
                return null;""", labelText);
        assertThat(input).as("an input labelled '%s' on %s", labelText, path()).isNotNull();
        return input;
    }

    /** The element that has the focus. */
    WebElement focused() {
        return driver.switchTo().activeElement();
    }

    Object script(String script, Object... arguments) {
        return driver.executeScript(script, arguments);
    }

    /** The text the page shows (its body). */
    String text() {
        return find("body").getText();
    }

    /**
     * The errors the browser's console logged since the last call (Content Security Policy violations, script
     * errors, resources that failed to load), as "level message" lines.
     */
    List<String> consoleErrors() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(entry -> entry.getLevel() + " " + entry.getMessage()).toList();
    }

    /** Saves a screenshot and checks the page with axe: what every test does on every screen. */
    Path check(String name) {
        Path screenshot = screenshot(name);
        assertAccessible(name);
        return screenshot;
    }

    /** Saves what the viewport shows as {@code target/screenshots/<name>.png}. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs axe on the current page (WCAG 2 A and AA) and fails listing every violation. */
    void assertAccessible(String name) {
        Results results = new AxeBuilder().withTags(WCAG_TAGS).analyze(driver);
        assertThat(results.getErrorMessage()).as("axe ran on %s", name).isNull();
        List<Rule> violations = results.getViolations();
        assertThat(violations).as("axe violations on %s (%s):%n%s", name, path(), describe(violations)).isEmpty();
    }

    static String describe(List<Rule> violations) {
        return violations.stream().map(rule -> "- " + rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp()
                + " " + rule.getHelpUrl() + "\n" + rule.getNodes().stream().map(WebBrowser::describe)
                        .collect(Collectors.joining("\n")))
                .collect(Collectors.joining("\n"));
    }

    private static String describe(CheckedNode node) {
        String summary = node.getFailureSummary() == null ? "" : " " + node.getFailureSummary().replace('\n', ' ');
        return "    at " + node.getTarget() + ":" + summary;
    }

    @Override
    public void close() {
        driver.quit();
    }
}

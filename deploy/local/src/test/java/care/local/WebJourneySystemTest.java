package care.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The web app in a real browser (headless Chromium at phone size) through the gateway of the running platform, as
 * `./dev-stack up` runs it: a patient signs in with "Sign in as", registers with the form and finds the
 * registration on their home and program pages; a refused registration shows the API's message next to the
 * field; staff sign in with the keyboard alone, seeing where the focus is, and land on the staff home. Every
 * screen is saved under {@code target/screenshots} and has no axe violation of WCAG 2 A or AA. Skipped without
 * Chromium.
 */
@org.junit.jupiter.api.Tag("integration")
class WebJourneySystemTest extends BrowserSystemTest {

    /** One box shadow as computed: its colour (alpha in group 1), offsets, blur and spread (group 2). */
    private static final Pattern SHADOW = Pattern.compile(
            "rgba?\\(\\d+, \\d+, \\d+(?:, ([\\d.]+))?\\) -?[\\d.]+px -?[\\d.]+px [\\d.]+px ([\\d.]+)px");

    @Test
    void aPatientSignsInRegistersAndSeesTheRegistrationOnTheirPages() {
        browser.open("/");
        assertThat(browser.path()).as("the home page asks to sign in first").isEqualTo("/sign-in");
        assertThat(browser.viewportWidth()).as("phone width").isEqualTo(390);
        assertThat(browser.text()).contains("Sign in as (local mode)")
                .as("no message about signing out or a failure on a first visit")
                .doesNotContain("You are signed out", "Your session has ended", "Signing in did not work");
        browser.check("sign-in");

        String patientId = signInAsPatient();
        assertThat(browser.path()).as("signed in: %s", browser.text()).isEqualTo("/");
        assertThat(browser.text()).contains("Welcome", "Signed in as Patient", "Register", "My program");
        browser.check("patient-home-new");

        browser.navigate(() -> browser.find("main a[href='/register']").click());
        assertThat(browser.path()).isEqualTo("/register");
        browser.check("register");

        browser.fillRegistration("Robin", "Webtest", "1985-04-23", "+14155550123", "America/Chicago");
        browser.navigate(() -> browser.field("Mobile phone").submit());
        assertThat(browser.path()).isEqualTo("/");
        assertThat(browser.find("[role=status]").getText()).isEqualTo("The registration is saved.");
        assertThat(browser.find("h1").getText()).isEqualTo("Welcome, Robin");
        assertThat(browser.driver().findElements(org.openqa.selenium.By.cssSelector("main a[href='/register']")))
                .as("no registration link once registered").isEmpty();
        browser.check("patient-home-registered");

        browser.navigate(() -> browser.find("main a[href='/program']").click());
        assertThat(browser.path()).isEqualTo("/program");
        assertThat(browser.text()).contains("You are registered since", "Robin Webtest", "US-CA", "America/Chicago")
                .doesNotContain(patientId);
        browser.check("program");

        browser.desktop();
        assertThat(browser.viewportWidth()).as("desktop width").isEqualTo(1280);
        browser.check("program-desktop");
    }

    @Test
    void aRefusedRegistrationShowsTheApiMessageNextToTheField() {
        browser.open("/sign-in");
        signInAsPatient();
        browser.open("/register");
        browser.fillRegistration("Sam", "Webtest", "1985-04-23", "12345", "America/Chicago");
        browser.navigate(() -> browser.field("Mobile phone").submit());

        assertThat(browser.path()).isEqualTo("/register");
        WebElement phone = browser.field("Mobile phone");
        assertThat(phone.getDomProperty("value")).as("what was typed stays").isEqualTo("12345");
        assertThat(phone.getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(phone.getDomAttribute("aria-describedby")).isEqualTo("phone-error");
        WebElement message = browser.find("#phone-error");
        assertThat(message.getText()).isEqualTo("must be an E.164 number such as +14155550123");
        assertThat(message.isDisplayed()).isTrue();
        // Next to the field: in its label, just below the input.
        assertThat(browser.script("return arguments[0].closest('label') === arguments[1].closest('label');",
                message, phone)).isEqualTo(true);
        int gap = message.getRect().getY() - (phone.getRect().getY() + phone.getRect().getHeight());
        assertThat(gap).as("pixels between the phone input and its message").isBetween(0, 40);
        assertThat(browser.find("#page-message").getAttribute("role")).isEqualTo("alert");
        assertThat(browser.field("Given name").getDomAttribute("aria-invalid")).as("only the wrong field").isNull();
        String text = browser.text();
        assertThat(text).as("no raw problem JSON on the page")
                .doesNotContain("{", "\"status\"", "urn:care:problem", "application/problem+json");
        browser.check("register-invalid-phone");
    }

    @Test
    void staffSignInWithTheKeyboardAloneAndSeeWhereTheFocusIs() {
        browser.open("/sign-in");
        List<String> visited = new ArrayList<>();

        // The first Tab reaches the skip link, which appears when focused.
        tab();
        WebElement skip = browser.focused();
        assertThat(skip.getText()).isEqualTo("Skip to main content");
        assertThat(skip.isDisplayed()).isTrue();
        assertThat(skip.getRect().getX()).as("the skip link is on screen when focused").isGreaterThanOrEqualTo(0);
        browser.screenshot("sign-in-keyboard-skip-link");

        // On to the role: the suggested one (Patient) is checked; the arrow keys choose another.
        assertVisibleFocus(tabTo("input[name=role]", visited));
        for (int i = 0; i < 5 && !"COORDINATOR".equals(browser.focused().getDomProperty("value")); i++) {
            browser.focused().sendKeys(Keys.ARROW_DOWN);
        }
        WebElement coordinator = browser.focused();
        assertThat(coordinator.getDomProperty("value")).isEqualTo("COORDINATOR");
        assertThat(coordinator.isSelected()).isTrue();

        WebElement subject = tabTo("#subject", visited);
        Map<String, String> focusedStyle = assertVisibleFocus(subject);
        subject.sendKeys(Keys.chord(Keys.CONTROL, "a"), "coord-" + UUID.randomUUID().toString().substring(0, 8));
        browser.screenshot("sign-in-keyboard-focus");
        WebElement submit = tabTo("button[type=submit]:not(.secondary)", visited);
        assertVisibleFocus(submit);
        assertThat(outline(subject)).as("the subject field looks different without the focus")
                .isNotEqualTo(focusedStyle);
        assertThat(submit.getText()).isEqualTo("Sign in");
        browser.navigate(() -> browser.focused().sendKeys(Keys.ENTER));

        assertThat(browser.path()).as("signed in after visiting %s", visited).isEqualTo("/");
        assertThat(browser.find("h1").getText()).isEqualTo("Clinic staff");
        assertThat(browser.text()).contains("You are signed in as Coordinator.", "Register a patient");
        browser.check("staff-home");
    }

    @Test
    void aClinicianSeesTheStaffHome() {
        browser.open("/sign-in");
        browser.find("#role-CLINICIAN").click();
        browser.field("Subject (user id)").clear();
        browser.field("Subject (user id)").sendKeys("clin-" + UUID.randomUUID().toString().substring(0, 8));
        browser.navigate(() -> browser.find("main button[type=submit]").click());
        assertThat(browser.path()).isEqualTo("/");
        assertThat(browser.text()).contains("Clinic staff", "You are signed in as Clinician.")
                .doesNotContain("Register a patient");
        browser.check("staff-home-clinician");

        // The check itself fails on a violation, naming the rule and where it is.
        browser.script("const image = document.createElement('img'); image.src = '/favicon.ico';"
                + " image.id = 'unlabelled'; document.querySelector('main').append(image);");
        assertThatThrownBy(() -> browser.assertAccessible("staff-home-clinician-broken"))
                .hasMessageContaining("image-alt (critical)").hasMessageContaining("#unlabelled");
    }

    /** Signs in as a new patient with the suggested identity; returns the patient id. */
    private static String signInAsPatient() {
        browser.settled(() -> {
            WebElement patient = browser.find("#role-PATIENT");
            if (!patient.isSelected()) {
                patient.click();
            }
            return patient.isSelected();
        });
        String patientId = browser.settled(() -> browser.field("Patient id (patients only)").getDomProperty("value"));
        assertThat(patientId).matches("[0-9a-f-]{36}");
        browser.navigate(() -> browser.find("main button[type=submit]").click());
        return patientId;
    }

    private static void tab() {
        browser.focused().sendKeys(Keys.TAB);
    }

    /** Presses Tab until the focus is on an element this selector matches (at most 15 times). */
    private static WebElement tabTo(String cssSelector, List<String> visited) {
        for (int i = 0; i < 15; i++) {
            tab();
            WebElement focused = browser.focused();
            visited.add(focused.getTagName() + "#" + focused.getDomAttribute("id"));
            if (Boolean.TRUE.equals(browser.script("return arguments[0].matches(arguments[1]);", focused,
                    cssSelector))) {
                return focused;
            }
        }
        throw new AssertionError("Tab never reached " + cssSelector + "; visited " + visited);
    }

    /** The focused element shows a focus ring: an outline, or a box shadow that is not transparent. */
    private static Map<String, String> assertVisibleFocus(WebElement element) {
        assertThat(browser.focused()).isEqualTo(element);
        Map<String, String> style = outline(element);
        boolean outline = !"none".equals(style.get("outlineStyle")) && !style.get("outlineWidth").startsWith("0");
        boolean ring = false;
        Matcher shadow = SHADOW.matcher(style.get("boxShadow"));
        while (shadow.find()) {
            ring |= (shadow.group(1) == null || Double.parseDouble(shadow.group(1)) > 0)
                    && Double.parseDouble(shadow.group(2)) > 0;
        }
        assertThat(outline || ring).as("a visible focus style on %s: %s", element.getTagName() + "#"
                + element.getDomAttribute("id"), style)
                .isTrue();
        return style;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> outline(WebElement element) {
        return (Map<String, String>) browser.script("""
                const style = getComputedStyle(arguments[0]);
                return {outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth,
                        outlineColor: style.outlineColor, boxShadow: style.boxShadow};""", element);
    }
}

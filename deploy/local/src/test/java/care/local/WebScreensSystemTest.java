package care.local;

import static care.local.LocalPlatform.expect;
import static care.local.LocalPlatform.send;
import static care.local.SystemSteps.approved;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The web app's screens that the pathway browser test does not pass through, in a real browser (headless Chromium
 * at phone size) against the running platform: the screening's crisis page and the result that says a clinician
 * will call, the clinician's safety review from the worklist; the monitor's view during a session with its "OK"
 * check-in, and the outcome measure due after session 2 with its result; a coordinator's care team, clinical alerts
 * and staff directory, and a consultation request's page once it is decided. What a screen needs and is not itself
 * under test (approvals, bookings, starting and discharging sessions) is set up through the API with the platform's
 * tokens, as {@link SystemSteps} does. Every screen is saved under {@code target/screenshots}, has no axe violation
 * of WCAG 2 A or AA and logs no error in the browser's console. Skipped without Chromium.
 */
@org.junit.jupiter.api.Tag("integration")
class WebScreensSystemTest extends BrowserSystemTest {


    @Test
    void thoughtsOfSelfHarmShowCrisisHelpAndAClinicianRecordsTheSafetyReviewFromTheWorklist() throws Exception {
        String clinicianId = SystemSteps.registeredClinician("Dr Safety " + UUID.randomUUID().toString().substring(0, 6));

        // The patient registers and answers the screening with PHQ-9 item 9 above 0.
        String patientId = browser.signInAs("PATIENT", null, null);
        browser.open("/register");
        browser.fillRegistration("Kai", "Screens", "1988-02-11", "+14155550163", "America/Los_Angeles");
        browser.navigate(() -> browser.field("Mobile phone").submit());
        assertThat(browser.find("[role=status]").getText()).isEqualTo("The registration is saved.");

        browser.open("/screening");
        int[] answers = {2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1, 1};
        for (int step = 0; step < answers.length; step++) {
            int answer = answers[step];
            browser.click("#answer-" + answer);
            browser.go("button[name=move][value=next]");
        }
        // Item 9 (the last PHQ-9 question) above 0: crisis help comes at once, before the screening goes on.
        assertThat(browser.path()).isEqualTo("/screening/support");
        assertThat(browser.find("h1").getText()).isEqualTo("Help is available now");
        assertThat(browser.find("a[href='tel:988']").getText()).isEqualTo("988");
        assertThat(browser.text()).contains("988 Suicide & Crisis Lifeline", "911", "A clinician will call you");
        screen("screening-support");

        browser.go("main a[href='/screening']");
        assertThat(browser.text()).contains("Do any of these apply to you?");
        browser.go("button[name=move][value=next]");
        browser.type("Systolic (the top number), mmHg", "122");
        browser.type("Diastolic (the bottom number), mmHg", "80");
        browser.go("button[name=move][value=next]");
        assertThat(browser.find("h1").getText()).isEqualTo("Screening sent");
        assertThat(browser.find("#clinician-calls").getText()).isEqualTo("A clinician will call you");
        assertThat(browser.text()).contains("no consultation or treatment goes ahead", "988");
        screen("screening-result-escalated");

        // A clinician licensed in the patient's jurisdiction finds the escalation first on the worklist.
        browser.signInAs("CLINICIAN", clinicianId, null);
        String review = "#escalations a[href='/patients/" + patientId + "/safety-review']";
        browser.open("/worklist");
        browser.awaitElement("/worklist", review);
        List<WebElement> rows = browser.driver().findElements(By.cssSelector("main ul.worklist li a"));
        assertThat(rows.getFirst().getDomAttribute("href")).as("the first line of the worklist is an escalation")
                .contains("safety-review");
        assertThat(browser.find(review).getText()).isEqualTo("Safety review needed (US-CA)");
        screen("worklist-escalation");

        browser.go(review);
        assertThat(browser.path()).isEqualTo("/patients/" + patientId + "/safety-review");
        assertThat(browser.find("#safety-review").getText()).contains("An open safety escalation", "1 positive answer");
        assertThat(browser.find("#no-consultation").getText()).contains("No consultation request");
        screen("safety-review");

        browser.click("#review-cleared");
        browser.find("#reviewNotes").sendKeys("Called the patient: passive thoughts, no plan; safety plan agreed.");
        browser.go("#safety-review form button[type=submit]");
        assertThat(browser.path()).isEqualTo("/worklist");
        assertThat(browser.find("[role=status]").getText()).startsWith("The safety review is recorded: cleared.");
        assertThat(browser.driver().findElements(By.cssSelector(review))).as("the escalation is closed").isEmpty();
        assertThat(new String(SystemSteps.awaitEvents("care.intake.events.v1", patientId,
                "care.intake.SafetyEscalationResolved.v1", 1).getFirst().value())).contains("\"CLEARED\"")
                .doesNotContain("safety plan agreed");
        screen("safety-review-recorded");
    }

    @Test
    void theMonitorChecksInDuringASessionAndTheMeasureDueAfterSessionTwoIsAnswered() throws Exception {
        SystemSteps.Approved approved = approved(4);
        String patientId = approved.patientId();
        String patient = approved.token();
        String provider = approved.clinicianToken();
        SystemSteps.availability(approved.clinicianId(), provider, "Etc/UTC", "06:00", "22:00", "DOSING_SESSION");
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(2)).plus(Duration.ofHours(10));
        String first = SystemSteps.book(patientId, patient, approved.clinicianId(), 1, day);
        String second = SystemSteps.book(patientId, patient, approved.clinicianId(), 2, day.plus(Duration.ofDays(2)));
        String session1 = SystemSteps.sessionOf(patientId, patient, first);
        String sessionId = session1.substring(session1.lastIndexOf('/') + 1);
        expect(200, send("PUT", session1 + "/preparation", patient, SystemSteps.PREPARED));
        expect(200, send("POST", session1 + "/vitals", patient, SystemSteps.reading("PRE_DOSE", 124, 80)));
        expect(200, send("POST", session1 + "/start", provider, null));

        // The monitor, on the patient's sign-in, opens the session in progress and checks in.
        browser.signInAs("PATIENT", null, patientId);
        browser.open("/monitor");
        String open = "main a[href='/monitor/" + sessionId + "']";
        assertThat(browser.text()).contains("Session 1", "In progress");
        screen("monitor-sessions");
        browser.go(open);
        assertThat(browser.find("h1").getText()).isEqualTo("During the session");
        assertThat(browser.find("#monitor-live").getText()).contains("Next check due at");
        screen("monitor");
        browser.go("button.check-in-ok");
        assertThat(browser.find("[role=status]").getText()).isEqualTo("Thank you: your check-in is recorded.");
        assertThat(expect(200, send("GET", session1, provider, null)).body()).contains("CHECKED_IN");
        screen("monitor-checked-in");

        // Sessions 1 and 2 end; the measures due after session 2 appear on the patient's progress.
        SystemSteps.complete(session1, provider);
        SystemSteps.supervise(SystemSteps.sessionOf(patientId, patient, second), patient, provider, false);
        String measure = "main a[href='/progress/measures/PHQ9']";
        browser.open("/progress");
        browser.awaitElement("/progress", measure);
        browser.go(measure);
        assertThat(browser.find("h1").getText()).isEqualTo("PHQ-9 (mood) questionnaire");
        assertThat(browser.find("#measure-progress").getText()).isEqualTo("Question 1 of 9");
        screen("measure-question");
        int[] answers = {1, 1, 1, 0, 1, 0, 1, 0, 0};
        for (int answer : answers) {
            browser.click("#answer-" + answer);
            browser.go("button[name=move][value=next]");
        }
        assertThat(browser.path()).isEqualTo("/progress/measures/PHQ9/result");
        assertThat(browser.find("h1").getText()).isEqualTo("Answers sent");
        assertThat(browser.text()).contains("PHQ-9 (mood), after session 2", "5 of 27");
        screen("measure-result");
    }

    @Test
    void aCoordinatorAssignsACoachSeesAlertsAndTheDirectoryAndADecidedRequestSaysSo() throws Exception {
        SystemSteps.Approved approved = approved(4);
        String patientId = approved.patientId();
        String coachName = "Coach " + UUID.randomUUID().toString().substring(0, 6);
        String coachId = SystemSteps.registeredCoach(coachName);

        browser.signInAs("COORDINATOR", "coord-screens", null);
        browser.open("/coordination");
        browser.type("Patient id", patientId);
        browser.go("main form[action='/coordination'] button");
        assertThat(browser.path()).isEqualTo("/coordination/patients/" + patientId + "/care-team");
        assertThat(browser.find("h1").getText()).isEqualTo("Care team");
        assertThat(browser.find("main table").getText()).as("the approving clinician").contains("Dr Rivera");
        screen("care-team");

        // The integration service learns of the program through Kafka: until then the assignment is refused.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            new Select(browser.find("#coachId")).selectByValue(coachId);
            browser.go("main form[action$='/coach'] button");
            if (!browser.driver().findElements(By.cssSelector("main p.notice")).isEmpty()) {
                break;
            }
            assertThat(System.nanoTime()).as("coach assigned: %s", browser.text()).isLessThan(deadline);
            Thread.sleep(500);
            browser.open("/coordination/patients/" + patientId + "/care-team");
        }
        assertThat(browser.find("[role=status]").getText()).startsWith("The coach is assigned");
        assertThat(browser.find("main table").getText()).contains(coachName);
        screen("care-team-coach");

        browser.open("/coordination/alerts");
        assertThat(browser.find("h1").getText()).isEqualTo("Clinical alerts");
        assertThat(browser.find("#alerts [role=status]").getText())
                .matches("(No alert is|One alert is|\\d+ alerts are) waiting for delivery, as of .+\\.");
        screen("alerts");

        browser.open("/coordination/staff");
        assertThat(browser.text()).contains(coachName, "Dr Rivera");
        assertThat(browser.driver().findElements(By.cssSelector("#register-heading")))
                .as("only an administrator registers staff").isEmpty();
        screen("staff-coordinator");

        // The approving clinician opens the decided request again.
        String summary = expect(200, send("GET", platform.gateway + "/api/intake/patients/" + patientId + "/summary",
                approved.clinicianToken(), null)).body();
        String consultationId = SystemSteps.jsonField(summary, "consultationId");
        browser.signInAs("CLINICIAN", approved.clinicianId(), null);
        browser.open("/patients/" + patientId + "/consultations/" + consultationId);
        assertThat(browser.find("#decided").getText()).startsWith("Already decided: approved, 4 sessions");
        assertThat(browser.driver().findElements(By.cssSelector("main form[action$='/decision']")))
                .as("no decision form once decided").isEmpty();
        screen("eligibility-decided");
    }

    /** A screenshot at phone width, no axe violation and no error in the browser's console. */
    private static void screen(String name) {
        browser.check("screens-" + name);
        assertThat(browser.consoleErrors()).as("browser console errors on %s (%s)", name, browser.path()).isEmpty();
    }

}

package care.intake.patient;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import care.kit.domain.Refusal;
import care.contracts.intake.Contraindication;
import care.contracts.intake.ContraindicationFinding;
import care.intake.eligibility.EligibilityAssessment;
import care.intake.screening.ScreeningScore;
import care.kit.access.AccessDecision;
import care.kit.access.Allowed;
import care.kit.access.PatientAccess;
import care.kit.access.Permission;
import care.kit.problem.FieldError;
import care.kit.problem.ProblemException;

/**
 * Screening questionnaires: GAD-7, PHQ-9, reported conditions and a blood-pressure reading, scored and
 * checked against the eligibility rule set ({@link Screenings}, {@link PatientScreenings}). A PHQ-9 item 9
 * above 0 raises a safety escalation that only a clinician's review resolves. A patient submits at most
 * {@code care.intake.screenings-per-day} screenings in any 24 hours.
 */
@RestController
class ScreeningController {

    record BloodPressure(@NotNull @Min(50) @Max(300) Integer systolic, @NotNull @Min(30) @Max(200) Integer diastolic) {
    }

    record ScreeningRequest(@NotNull @Size(min = 7, max = 7) List<@NotNull @Min(0) @Max(3) Integer> gad7,
            @NotNull @Size(min = 9, max = 9) List<@NotNull @Min(0) @Max(3) Integer> phq9,
            @Size(max = 20) List<@NotNull String> conditions, @NotNull @Valid BloodPressure bloodPressure) {
    }

    record Score(int total, String band) {
    }

    record Phq9Score(int total, String band, boolean item9Positive) {
    }

    record ScreeningResult(String screeningId, Score gad7, Phq9Score phq9,
            List<ContraindicationFinding> contraindications, boolean safetyEscalationRaised,
            boolean safetyReviewPending) {
    }

    record ScreeningView(String screeningId, Instant completedAt, List<Integer> gad7Answers, List<Integer> phq9Answers,
            List<String> conditions, BloodPressure bloodPressure, Score gad7, Phq9Score phq9,
            List<ContraindicationFinding> contraindications) {

        static ScreeningView of(Patient.Screening screening) {
            return new ScreeningView(screening.screeningId(), screening.completedAt(), screening.gad7(),
                    screening.phq9(), screening.conditions(),
                    new BloodPressure(screening.systolic(), screening.diastolic()),
                    new Score(screening.gad7Total(), screening.gad7Band().name()),
                    new Phq9Score(screening.phq9Total(), screening.phq9Band().name(), screening.phq9Item9Positive()),
                    screening.contraindications());
        }
    }

    private final Patients patients;
    private final Screenings screenings;
    private final PatientAccess access;

    ScreeningController(Patients patients, Screenings screenings, PatientAccess access) {
        this.patients = patients;
        this.screenings = screenings;
        this.access = access;
    }

    /**
     * The patient's screenings with their answers, newest first: for the patient, their responsible clinician, an
     * emergency access, and clinicians licensed where the patient is while the patient waits for one.
     */
    @GetMapping("/api/intake/patients/{patientId}/screenings")
    @Allowed(permission = Permission.SCREENING_READ)
    List<ScreeningView> list(@PathVariable String patientId, @AuthenticationPrincipal Jwt token) {
        Patient patient = patients.lookup(patientId).orElse(null);
        access.check(token, patientId, Permission.SCREENING_READ, "intake.screening.read")
                .triage(patient == null ? null : patient.jurisdiction, patient != null && patient.waitingForClinician())
                .require();
        if (patient == null) {
            throw Refusal.notFound("The patient");
        }
        return patient.screenings.reversed().stream().map(ScreeningView::of).toList();
    }

    @PostMapping("/api/intake/patients/{patientId}/screenings")
    @Allowed(permission = Permission.SCREENING_SUBMIT)
    ResponseEntity<ScreeningResult> submit(@PathVariable String patientId, @Valid @RequestBody ScreeningRequest request,
            @AuthenticationPrincipal Jwt token) {
        AccessDecision decision = access.check(token, patientId, Permission.SCREENING_SUBMIT,
                "intake.screening.submit").require();
        Screenings.Submitted submitted = screenings.submit(decision.patientId(), new PatientScreenings.Answers(
                request.gad7(), request.phq9(), conditions(request.conditions()), request.bloodPressure().systolic(),
                request.bloodPressure().diastolic()));
        ScreeningScore score = submitted.recorded().score();
        ScreeningResult result = new ScreeningResult(submitted.screeningId(),
                new Score(score.gad7Total(), score.gad7Band().name()),
                new Phq9Score(score.phq9Total(), score.phq9Band().name(), score.phq9Item9Positive()),
                submitted.recorded().findings(), submitted.recorded().escalationRaised(),
                submitted.safetyReviewPending());
        return ResponseEntity.created(URI.create("/api/intake/patients/" + decision.patientId() + "/screenings/"
                + submitted.screeningId())).body(result);
    }

    private static Set<Contraindication> conditions(List<String> codes) {
        Set<Contraindication> conditions = EnumSet.noneOf(Contraindication.class);
        if (codes == null) {
            return conditions;
        }
        List<FieldError> unknown = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            String given = codes.get(i);
            Contraindication code = EligibilityAssessment.REPORTABLE_CONDITIONS.stream()
                    .filter(known -> known.name().equals(given)).findFirst().orElse(null);
            if (code == null) {
                unknown.add(new FieldError("conditions[" + i + "]", "is not a known condition code"));
            } else {
                conditions.add(code);
            }
        }
        if (!unknown.isEmpty()) {
            throw ProblemException.invalid(unknown);
        }
        return conditions;
    }
}

package care.intake.patient;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.stereotype.Service;

import care.intake.IntakeProperties;
import care.intake.eligibility.EligibilityRules;
import care.intake.screening.ScreeningRateLimit;

/**
 * Stores a patient's screening, scored and checked against the eligibility rule set and the clinic's rate limit
 * ({@code care.intake.screenings-per-day}), in one write with its events. The caller has decided the access.
 */
@Service
class Screenings {

    /** A stored screening and whether a safety review is pending after it. */
    record Submitted(String screeningId, PatientScreenings.Recorded recorded, boolean safetyReviewPending) {
    }

    private final Patients patients;
    private final EligibilityRules rules;
    private final ScreeningRateLimit limit;
    private final Clock clock;

    Screenings(Patients patients, EligibilityRules rules, IntakeProperties properties, Clock clock) {
        this.patients = patients;
        this.rules = rules;
        this.limit = new ScreeningRateLimit(properties.screeningsPerDay());
        this.clock = clock;
    }

    Submitted submit(String patientId, PatientScreenings.Answers answers) {
        String screeningId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        AtomicReference<PatientScreenings.Recorded> recorded = new AtomicReference<>();
        Patient stored = patients.update(patientId, patient -> {
            recorded.set(patient.recordScreening(screeningId, answers, rules, limit, now));
            return recorded.get().events();
        });
        return new Submitted(screeningId, recorded.get(), stored.hasOpenEscalation());
    }
}

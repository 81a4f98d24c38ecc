package care.intake.patient;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.stereotype.Service;

import care.contracts.intake.EligibilityDeclined;
import care.intake.IntakeProperties;
import care.intake.eligibility.EligibilityRules;
import care.kit.problem.FieldError;
import care.kit.problem.ProblemException;

/**
 * Requests and decides consultations on the patient's record, under the eligibility rule set in force, each in
 * one write with its events. The caller has decided the access.
 */
@Service
class Consultations {

    private final Patients patients;
    private final EligibilityRules rules;
    private final IntakeProperties properties;
    private final Clock clock;

    Consultations(Patients patients, EligibilityRules rules, IntakeProperties properties, Clock clock) {
        this.patients = patients;
        this.rules = rules;
        this.properties = properties;
        this.clock = clock;
    }

    /** Requests a consultation for the patient; its id. */
    String request(String patientId) {
        String consultationId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        patients.update(patientId,
                patient -> patient.requestConsultation(consultationId, properties.programId(), now));
        return consultationId;
    }

    /**
     * The clinician's approval ({@code plannedSessions} required) or decline (reasons and a referral required).
     * The consultation's state is checked first, then what the decision must name, then the rule set.
     */
    PatientConsultations.Decided decide(String patientId, String consultationId, String clinicianId, boolean approve,
            Integer plannedSessions, String rationale, List<EligibilityDeclined.Reason> reasons,
            EligibilityDeclined.Referral referral) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        AtomicReference<PatientConsultations.Decided> decided = new AtomicReference<>();
        patients.update(patientId, patient -> {
            Patient.Consultation consultation = patient.consultationToDecide(consultationId);
            if (approve) {
                if (plannedSessions == null) {
                    throw invalid("plannedSessions", "is required to approve");
                }
                decided.set(patient.approve(consultation, clinicianId, plannedSessions, rationale, rules,
                        properties.programId(), now));
            } else {
                if (reasons == null || reasons.isEmpty()) {
                    throw invalid("reasons", "must name at least one reason to decline");
                }
                if (referral == null) {
                    throw invalid("referral", "is required to decline");
                }
                decided.set(patient.decline(consultation, clinicianId, rationale, reasons, referral, rules, now));
            }
            return decided.get().events();
        });
        return decided.get();
    }

    private static ProblemException invalid(String field, String message) {
        return ProblemException.invalid(List.of(new FieldError(field, message)));
    }
}

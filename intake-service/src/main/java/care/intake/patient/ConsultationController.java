package care.intake.patient;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import care.contracts.intake.Contraindication;
import care.contracts.intake.EligibilityDeclined;
import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.kit.access.AccessDecision;
import care.kit.access.Allowed;
import care.kit.access.PatientAccess;
import care.kit.access.Permission;
import care.kit.access.StaffMember;
import care.kit.security.Role;

/**
 * Consultations: a patient (or their coordinator) asks for one once screened and consented with no open
 * safety escalation; registered clinicians work through the requests of the jurisdictions they are licensed in
 * and decide eligibility under the rule set in force ({@link Consultations}, {@link PatientConsultations}).
 */
@RestController
class ConsultationController {

    static final String WORKLIST = "intake.consultation.list";

    enum Outcome {
        APPROVED, DECLINED
    }

    record Decision(@NotNull Outcome outcome, @Min(1) @Max(99) Integer plannedSessions, @Size(max = 4000) String rationale,
            @Size(max = 5) List<EligibilityDeclined.@NotNull Reason> reasons, EligibilityDeclined.Referral referral) {
    }

    record Requested(String consultationId, Patient.ConsultationStatus status) {
    }

    record WorklistItem(String consultationId, String patientId, String jurisdiction, Instant requestedAt,
            Patient.ConsultationStatus status) {
    }

    record Worklist(List<WorklistItem> items, int page, int size) {
    }

    record Decided(String consultationId, Patient.ConsultationStatus status, String ruleSetVersion,
            List<Contraindication> acceptedRelativeContraindications) {
    }

    private final Patients patients;
    private final Consultations consultations;
    private final IntakeWorklists worklists;
    private final PatientAccess access;

    ConsultationController(Patients patients, Consultations consultations, IntakeWorklists worklists,
            PatientAccess access) {
        this.patients = patients;
        this.consultations = consultations;
        this.worklists = worklists;
        this.access = access;
    }

    @PostMapping("/api/intake/patients/{patientId}/consultations")
    @Allowed(permission = Permission.CONSULTATION_REQUEST)
    ResponseEntity<Requested> request(@PathVariable String patientId, @AuthenticationPrincipal Jwt token) {
        AccessDecision decision = access.check(token, patientId, Permission.CONSULTATION_REQUEST,
                "intake.consultation.request").require();
        String consultationId = consultations.request(decision.patientId());
        return ResponseEntity.created(URI.create("/api/intake/consultations/" + consultationId))
                .body(new Requested(consultationId, Patient.ConsultationStatus.REQUESTED));
    }

    /**
     * The consultations of the jurisdictions the registered clinician is licensed in, oldest first: those of
     * patients waiting for a clinician (a requested consultation, an open safety escalation), each listed
     * patient's access recorded before the answer.
     */
    @GetMapping("/api/intake/consultations")
    @Allowed(roles = Role.CLINICIAN, permission = Permission.CONSULTATION_DECIDE,
            note = "a registered clinician; lists the patients they may decide for, in the jurisdictions they are "
                    + "licensed in")
    Worklist worklist(@RequestParam(defaultValue = "REQUESTED") Patient.ConsultationStatus status,
            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size, @AuthenticationPrincipal Jwt token) {
        StaffMember clinician = access.requireStaff(token, StaffRole.CLINICIAN, WORKLIST);
        List<IntakeWorklists.ConsultationRow> rows = worklists.consultations(clinician.licensedJurisdictions(),
                status, page, size);
        Set<String> waiting = status == Patient.ConsultationStatus.REQUESTED
                ? rows.stream().map(IntakeWorklists.ConsultationRow::patientId).collect(Collectors.toSet())
                : worklists.waitingForClinician(rows.stream().map(IntakeWorklists.ConsultationRow::patientId).toList());
        List<WorklistItem> items = access.visible(rows, IntakeWorklists.ConsultationRow::patientId,
                row -> access.check(token, row.patientId(), Permission.CONSULTATION_DECIDE, WORKLIST)
                        .triage(row.jurisdiction(), waiting.contains(row.patientId()))).stream()
                .map(row -> new WorklistItem(row.consultationId(), row.patientId(), row.jurisdiction(),
                        row.requestedAt(), status))
                .toList();
        return new Worklist(items, page, size);
    }

    /**
     * A registered clinician licensed in the patient's jurisdiction decides a consultation while the patient waits
     * for one; not while a safety escalation is open.
     */
    @PostMapping("/api/intake/consultations/{consultationId}/decision")
    @Allowed(permission = Permission.CONSULTATION_DECIDE,
            note = "a registered clinician licensed in the patient's jurisdiction, while the patient waits for one")
    Decided decide(@PathVariable String consultationId, @Valid @RequestBody Decision decision,
            @AuthenticationPrincipal Jwt token) {
        Patient known = patients.byConsultation(consultationId);
        AccessDecision allowed = access.check(token, known.id(), Permission.CONSULTATION_DECIDE,
                "intake.consultation.decide").resource("The consultation", consultationId)
                .triage(known.jurisdiction, known.waitingForClinician()).require();
        String clinicianId = UUID.fromString(allowed.caller().subject()).toString();
        PatientConsultations.Decided decided = consultations.decide(allowed.patientId(), consultationId, clinicianId,
                decision.outcome() == Outcome.APPROVED, decision.plannedSessions(), decision.rationale(),
                decision.reasons(), decision.referral());
        return new Decided(consultationId, decided.consultation().status(), decided.consultation().ruleSetVersion(),
                decided.acceptedRelativeContraindications());
    }
}

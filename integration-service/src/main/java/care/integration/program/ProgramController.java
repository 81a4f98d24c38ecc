package care.integration.program;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import care.contracts.integration.OutcomeMeasured.Instrument;
import care.integration.outcome.Scoring;
import care.integration.program.ProgramViews.CoachingView;
import care.integration.program.ProgramViews.EntryView;
import care.integration.program.ProgramViews.MeasureView;
import care.integration.program.ProgramViews.PromptView;
import care.kit.access.AccessDecision;
import care.kit.access.Allowed;
import care.kit.access.PatientAccess;
import care.kit.access.Permission;
import care.kit.problem.FieldError;
import care.kit.problem.ProblemException;
import care.kit.web.IdempotencyKey;

/**
 * A patient's integration: journaling prompts and entries, outcome measures, coaching, progress. Each request is
 * decided by {@link PatientAccess} (which records it) before anything of the patient's is read or changed; the
 * patient's coach is their care team's (intake assigns it).
 */
@RestController
class ProgramController {

    static final String UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    record JournalRequest(@Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String promptId,
            @NotBlank @Size(max = 10000) String text, @Min(1) @Max(10) Integer mood) {
    }

    record AssessmentRequest(@NotNull Instrument instrument, @NotNull @Size(min = 7, max = 9) List<@NotNull @Min(0) @Max(3) Integer> answers) {
    }

    record CoachingRequest(@NotBlank @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String appointmentId,
            @Size(max = 10000) String notes, @Min(1) @Max(240) Integer durationMinutes,
            @Size(max = 20) List<@NotNull @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String> contentIds) {
    }

    private final CarePaths paths;
    private final CarePathQueries queries;
    private final Journal journal;
    private final PatientAccess access;

    ProgramController(CarePaths paths, CarePathQueries queries, Journal journal, PatientAccess access) {
        this.paths = paths;
        this.queries = queries;
        this.journal = journal;
        this.access = access;
    }

    @GetMapping("/api/integration/patients/{patientId}/prompts")
    @Allowed(permission = Permission.PROGRESS_READ)
    List<PromptView> prompts(@PathVariable UUID patientId, @AuthenticationPrincipal Jwt token) {
        String patient = access.check(token, patientId.toString(), Permission.PROGRESS_READ, "integration.prompts.read")
                .require().patientId();
        return queries.prompts(patient);
    }

    @PostMapping("/api/integration/patients/{patientId}/journal-entries")
    @Allowed(permission = Permission.JOURNAL_WRITE)
    ResponseEntity<EntryView> write(@PathVariable UUID patientId, @Valid @RequestBody JournalRequest request,
            IdempotencyKey idempotencyKey, @AuthenticationPrincipal Jwt token) {
        String patient = access.check(token, patientId.toString(), Permission.JOURNAL_WRITE, "integration.journal.write")
                .require().patientId();
        JournalEntry entry = journal.write(patient, request.promptId() == null ? null : request.promptId().toLowerCase(),
                request.text().strip(), request.mood(), IdempotencyKey.valueOf(idempotencyKey));
        return ResponseEntity.created(URI.create("/api/integration/patients/" + patient + "/journal-entries/" + entry.id()))
                .body(EntryView.of(entry));
    }

    @GetMapping("/api/integration/patients/{patientId}/journal-entries")
    @Allowed(permission = Permission.JOURNAL_READ)
    List<EntryView> entries(@PathVariable UUID patientId, @AuthenticationPrincipal Jwt token) {
        String patient = access.check(token, patientId.toString(), Permission.JOURNAL_READ, "integration.journal.read")
                .require().patientId();
        return queries.entries(patient).stream().map(EntryView::of).toList();
    }

    /** The patient answers their own questionnaire: nobody else may, or the patient's own answer would be a 409. */
    @PostMapping("/api/integration/patients/{patientId}/assessments")
    @Allowed(permission = Permission.MEASURE_SUBMIT)
    ResponseEntity<MeasureView> assess(@PathVariable UUID patientId, @Valid @RequestBody AssessmentRequest request,
            @AuthenticationPrincipal Jwt token) {
        int items = Scoring.items(request.instrument());
        if (request.answers().size() != items) {
            throw ProblemException.invalid(List.of(new FieldError("answers",
                    "must have exactly " + items + " answers for " + request.instrument())));
        }
        AccessDecision decision = access.check(token, patientId.toString(), Permission.MEASURE_SUBMIT,
                "integration.measure.submit").require();
        String patient = decision.patientId();
        CarePath.Measure measure = paths.submitMeasure(patient, request.instrument(), request.answers(),
                decision.caller().subject());
        return ResponseEntity.created(URI.create("/api/integration/patients/" + patient + "/assessments/"
                + measure.measurementId())).body(MeasureView.of(measure));
    }

    /** The care team's coach records a coaching session; only the coach the appointment was with may. */
    @PostMapping("/api/integration/patients/{patientId}/coaching-sessions")
    @Allowed(permission = Permission.COACHING_RECORD, note = "the coach the appointment was booked with")
    ResponseEntity<CoachingView> recordCoaching(@PathVariable UUID patientId,
            @Valid @RequestBody CoachingRequest request, @AuthenticationPrincipal Jwt token) {
        AccessDecision decision = access.check(token, patientId.toString(), Permission.COACHING_RECORD,
                "integration.coaching.record").resource("The coaching appointment", request.appointmentId()).require();
        String patient = decision.patientId();
        List<String> contentIds = request.contentIds() == null ? List.of()
                : request.contentIds().stream().map(String::toLowerCase).distinct().toList();
        String notes = request.notes() == null || request.notes().isBlank() ? null : request.notes().strip();
        CarePath.CoachingRecord record = paths.recordCoaching(patient, request.appointmentId().toLowerCase(),
                decision.caller().subject(), notes, request.durationMinutes(), contentIds);
        return ResponseEntity.created(URI.create("/api/integration/patients/" + patient + "/coaching-sessions/"
                + record.appointmentId())).body(CoachingView.of(record));
    }

    @GetMapping("/api/integration/patients/{patientId}/coaching-sessions")
    @Allowed(permission = Permission.JOURNAL_READ)
    List<CoachingView> coaching(@PathVariable UUID patientId, @AuthenticationPrincipal Jwt token) {
        String patient = access.check(token, patientId.toString(), Permission.JOURNAL_READ, "integration.coaching.read")
                .require().patientId();
        return queries.coaching(patient).stream().map(CoachingView::of).toList();
    }

    @GetMapping("/api/integration/patients/{patientId}/progress")
    @Allowed(permission = Permission.PROGRESS_READ)
    Progress progress(@PathVariable UUID patientId, @AuthenticationPrincipal Jwt token) {
        String patient = access.check(token, patientId.toString(), Permission.PROGRESS_READ, "integration.progress.read")
                .require().patientId();
        return queries.progress(patient);
    }
}

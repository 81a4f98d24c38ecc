package care.integration.program;

import java.net.URI;
import java.time.Instant;
import java.util.List;

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
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import care.contracts.integration.OutcomeMeasured.Band;
import care.contracts.integration.OutcomeMeasured.Instrument;
import care.contracts.integration.OutcomeMeasured.Timepoint;
import care.integration.content.ContentQueries;
import care.kit.access.AccessDecision;
import care.kit.access.Allowed;
import care.kit.access.PatientAccess;
import care.kit.access.Permission;
import care.kit.problem.FieldError;
import care.kit.problem.ProblemException;

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

    record EntryView(String entryId, String promptId, String text, Integer mood, int wordCount, Instant writtenAt) {

        static EntryView of(JournalEntry entry) {
            return new EntryView(entry.id(), entry.promptId(), entry.text(), entry.mood(), entry.wordCount(),
                    entry.writtenAt());
        }
    }

    record PromptView(String assignmentId, String promptId, int sessionNumber, String text, Instant assignedAt,
            Instant dueAt, boolean answered) {
    }

    record AssessmentRequest(@NotNull Instrument instrument, @NotNull @Size(min = 7, max = 9) List<@NotNull @Min(0) @Max(3) Integer> answers) {
    }

    record MeasureView(String measurementId, Instrument instrument, Timepoint timepoint, int score, Band band,
            Integer baselineScore, Integer changeFromBaseline, boolean response, boolean remission, Instant measuredAt,
            boolean safetyReviewRequested) {

        static MeasureView of(CarePath.Measure measure) {
            return new MeasureView(measure.measurementId(), measure.instrument(), measure.timepoint(), measure.score(),
                    measure.band(), measure.baselineScore(), measure.change(), measure.response(), measure.remission(),
                    measure.measuredAt(), measure.item9Positive() && measure.timepoint() != Timepoint.BASELINE);
        }
    }

    record CoachingRequest(@NotBlank @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String appointmentId,
            @Size(max = 10000) String notes, @Min(1) @Max(240) Integer durationMinutes,
            @Size(max = 20) List<@NotNull @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String> contentIds) {
    }

    record CoachingView(String appointmentId, String coachId, int sessionNumber, int durationMinutes, String notes,
            List<String> contentIds, Instant recordedAt) {

        static CoachingView of(CarePath.CoachingRecord record) {
            return new CoachingView(record.appointmentId(), record.coachId(), record.sessionNumber(),
                    record.durationMinutes(), record.notes(), record.contentIds(), record.recordedAt());
        }
    }

    private final CarePaths paths;
    private final Journal journal;
    private final JournalPrompts prompts;
    private final PatientAccess access;
    private final ContentQueries content;

    ProgramController(CarePaths paths, Journal journal, JournalPrompts prompts, PatientAccess access,
            ContentQueries content) {
        this.paths = paths;
        this.journal = journal;
        this.prompts = prompts;
        this.access = access;
        this.content = content;
    }

    @GetMapping("/api/integration/patients/{patientId}/prompts")
    @Allowed(permission = Permission.PROGRESS_READ)
    List<PromptView> prompts(@PathVariable @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String patientId,
            @AuthenticationPrincipal Jwt token) {
        String patient = access.check(token, patientId, Permission.PROGRESS_READ, "integration.prompts.read").require()
                .patientId();
        CarePath.Program program = paths.find(patient).flatMap(CarePath::program).orElse(null);
        if (program == null) {
            return List.of();
        }
        List<String> answered = journal.of(patient).stream().map(JournalEntry::assignmentId).toList();
        return program.prompts().stream().map(assignment -> new PromptView(assignment.assignmentId(),
                assignment.promptId(), assignment.sessionNumber(),
                prompts.find(assignment.promptId()).map(JournalPrompts.Prompt::text).orElse(null),
                assignment.assignedAt(), assignment.dueAt(), answered.contains(assignment.assignmentId()))).toList();
    }

    @PostMapping("/api/integration/patients/{patientId}/journal-entries")
    @Allowed(permission = Permission.JOURNAL_WRITE)
    ResponseEntity<EntryView> write(@PathVariable @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String patientId,
            @Valid @RequestBody JournalRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @AuthenticationPrincipal Jwt token) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 128)) {
            throw ProblemException.invalid(List.of(new FieldError("Idempotency-Key", "must be 1 to 128 characters")));
        }
        String patient = access.check(token, patientId, Permission.JOURNAL_WRITE, "integration.journal.write")
                .require().patientId();
        CarePath found = paths.get(patient);
        CarePath.Program program = paths.activeProgram(found);
        JournalEntry entry = journal.write(found, program,
                request.promptId() == null ? null : request.promptId().toLowerCase(), request.text().strip(),
                request.mood(), idempotencyKey);
        return ResponseEntity.created(URI.create("/api/integration/patients/" + patient + "/journal-entries/" + entry.id()))
                .body(EntryView.of(entry));
    }

    @GetMapping("/api/integration/patients/{patientId}/journal-entries")
    @Allowed(permission = Permission.JOURNAL_READ)
    List<EntryView> entries(@PathVariable @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String patientId,
            @AuthenticationPrincipal Jwt token) {
        String patient = access.check(token, patientId, Permission.JOURNAL_READ, "integration.journal.read").require()
                .patientId();
        return journal.of(patient).stream().map(EntryView::of).toList();
    }

    /** The patient answers their own questionnaire: nobody else may, or the patient's own answer would be a 409. */
    @PostMapping("/api/integration/patients/{patientId}/assessments")
    @Allowed(permission = Permission.MEASURE_SUBMIT)
    ResponseEntity<MeasureView> assess(@PathVariable @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String patientId,
            @Valid @RequestBody AssessmentRequest request, @AuthenticationPrincipal Jwt token) {
        int items = care.integration.outcome.Scoring.items(request.instrument());
        if (request.answers().size() != items) {
            throw ProblemException.invalid(List.of(new FieldError("answers",
                    "must have exactly " + items + " answers for " + request.instrument())));
        }
        AccessDecision decision = access.check(token, patientId, Permission.MEASURE_SUBMIT,
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
    ResponseEntity<CoachingView> recordCoaching(
            @PathVariable @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String patientId,
            @Valid @RequestBody CoachingRequest request, @AuthenticationPrincipal Jwt token) {
        AccessDecision decision = access.check(token, patientId, Permission.COACHING_RECORD,
                "integration.coaching.record").resource("The coaching appointment", request.appointmentId()).require();
        String patient = decision.patientId();
        List<String> contentIds = request.contentIds() == null ? List.of()
                : request.contentIds().stream().map(String::toLowerCase).distinct().toList();
        List<String> unknown = content.unknown(contentIds);
        if (!unknown.isEmpty()) {
            throw ProblemException.unprocessable("unknown-content", "Unknown content",
                    unknown.size() + " of the recommended items are not in the content library.");
        }
        String notes = request.notes() == null || request.notes().isBlank() ? null : request.notes().strip();
        CarePath.CoachingRecord record = paths.recordCoaching(patient, request.appointmentId().toLowerCase(),
                decision.caller().subject(), notes, request.durationMinutes(), contentIds);
        return ResponseEntity.created(URI.create("/api/integration/patients/" + patient + "/coaching-sessions/"
                + record.appointmentId())).body(CoachingView.of(record));
    }

    @GetMapping("/api/integration/patients/{patientId}/coaching-sessions")
    @Allowed(permission = Permission.JOURNAL_READ)
    List<CoachingView> coaching(@PathVariable @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String patientId,
            @AuthenticationPrincipal Jwt token) {
        String patient = access.check(token, patientId, Permission.JOURNAL_READ, "integration.coaching.read")
                .require().patientId();
        return paths.find(patient).flatMap(CarePath::program).map(program -> program.coaching().stream()
                .map(CoachingView::of).toList()).orElse(List.of());
    }

    @GetMapping("/api/integration/patients/{patientId}/progress")
    @Allowed(permission = Permission.PROGRESS_READ)
    Progress progress(@PathVariable @Pattern(regexp = UUID_PATTERN, message = "must be a UUID") String patientId,
            @AuthenticationPrincipal Jwt token) {
        String patient = access.check(token, patientId, Permission.PROGRESS_READ, "integration.progress.read")
                .require().patientId();
        CarePath found = paths.get(patient);
        List<JournalEntry> entries = journal.of(patient);
        return Progress.of(found, entries.size(), entries.stream().map(JournalEntry::assignmentId).toList());
    }
}

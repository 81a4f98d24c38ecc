package care.web.pages;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import care.web.gateway.ApiProblem;
import care.web.gateway.GatewayClient;
import care.web.security.AccessTokens;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The patient's progress as the integration service computes it ({@code GET .../progress}): GAD-7 and PHQ-9 at
 * each timepoint against the baseline, with the bands, the change and the response and remission flags exactly as
 * the API answers them (the web app computes no clinical threshold), what is due now and what comes next. A table
 * carries the numbers; a chart drawn from the same numbers ({@code data-*} attributes) is an extra.
 */
@Controller
@PreAuthorize("hasRole('PATIENT')")
class ProgressController {

    /** The timepoints in their order, with how people say them. */
    static final Map<String, String> TIMEPOINTS = Map.of("BASELINE", "Baseline (screening)",
            "AFTER_SESSION_2", "After session 2", "AFTER_SESSION_4", "After session 4",
            "PROGRAM_END", "End of program");
    static final List<String> TIMEPOINT_ORDER = List.of("BASELINE", "AFTER_SESSION_2", "AFTER_SESSION_4",
            "PROGRAM_END");
    static final Map<String, String> INSTRUMENTS = Map.of("GAD7", "GAD-7 (anxiety)", "PHQ9", "PHQ-9 (mood)");

    record Point(String timepoint, int score, String band, Integer baselineScore, Integer changeFromBaseline,
            boolean response, boolean remission, Instant measuredAt) {
    }

    record Due(String kind, String instrument, String timepoint, Integer sessionNumber, String promptId, Instant at) {
    }

    /** One thing due, in words, with the page where it is done (null when it has none here). */
    record DueItem(String text, String href) {
    }

    record Next(String timepoint, int afterSession) {
    }

    record Missed(String instrument, String timepoint) {
    }

    record Progress(String status, Integer plannedSessions, int completedSessions, Map<String, List<Point>> measures,
            List<Due> due, Next next, List<Missed> missedMeasures) {
    }

    /** One row of a measure's table. */
    record Row(String timepoint, Instant measuredAt, String measuredOn, int score, String band, Integer change,
            boolean baseline, boolean response, boolean remission) {
    }

    /** One instrument's table, and its scores by timepoint for the chart ("" where none). */
    record Measure(String instrument, String name, List<Row> rows, String series) {
    }

    private final GatewayClient gateway;
    private final AccessTokens tokens;

    ProgressController(GatewayClient gateway, AccessTokens tokens) {
        this.gateway = gateway;
        this.tokens = tokens;
    }

    @GetMapping("/progress")
    String progress(Model model) {
        String patientId = PatientContext.patientId(tokens);
        Progress progress;
        try {
            progress = gateway.get("/api/integration/patients/{id}/progress", Progress.class, patientId);
        } catch (ApiProblem problem) {
            if (problem.status() != 404 && problem.status() != 422) {
                throw problem;
            }
            progress = null;
        }
        model.addAttribute("started", progress != null && progress.status() != null);
        if (progress == null || progress.status() == null) {
            return "progress";
        }
        ZoneId zone = AfterSessionController.zone(gateway, patientId);
        Map<String, List<Point>> measures = progress.measures() == null ? Map.of() : progress.measures();
        List<String> reached = TIMEPOINT_ORDER.stream().filter(tp -> measures.values().stream()
                .anyMatch(points -> points.stream().anyMatch(p -> tp.equals(p.timepoint())))).toList();
        List<Measure> tables = new ArrayList<>();
        for (String instrument : List.of("GAD7", "PHQ9")) {
            List<Point> points = measures.getOrDefault(instrument, List.of());
            List<Row> rows = points.stream().map(p -> new Row(label(p.timepoint()), p.measuredAt(),
                    AfterSessionController.day(p.measuredAt(), zone), p.score(), band(p.band()),
                    p.changeFromBaseline(), "BASELINE".equals(p.timepoint()), p.response(), p.remission())).toList();
            String series = reached.stream().map(tp -> points.stream().filter(p -> tp.equals(p.timepoint()))
                    .findFirst().map(p -> String.valueOf(p.score())).orElse("")).collect(Collectors.joining(","));
            tables.add(new Measure(instrument, INSTRUMENTS.get(instrument), rows, series));
        }
        model.addAttribute("progress", progress);
        model.addAttribute("measures", tables);
        model.addAttribute("chartLabels", reached.stream().map(ProgressController::label)
                .collect(Collectors.joining("|")));
        model.addAttribute("hasScores", tables.stream().anyMatch(m -> !m.rows().isEmpty()));
        model.addAttribute("due", (progress.due() == null ? List.<Due>of() : progress.due()).stream()
                .map(due -> new DueItem(dueText(due), href(due))).toList());
        model.addAttribute("missed", (progress.missedMeasures() == null ? List.<Missed>of() : progress.missedMeasures())
                .stream().map(m -> INSTRUMENTS.getOrDefault(m.instrument(), m.instrument()) + ", "
                        + label(m.timepoint()).toLowerCase(Locale.ROOT)).toList());
        model.addAttribute("next", progress.next() == null ? null : "The next questionnaires are due after session "
                + progress.next().afterSession() + ".");
        return "progress";
    }

    static String label(String timepoint) {
        return TIMEPOINTS.getOrDefault(timepoint, timepoint);
    }

    /** MODERATELY_SEVERE → "moderately severe". */
    static String band(String band) {
        return band == null ? null : band.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** A due GAD-7 or PHQ-9 is answered at {@code /progress/measures/{instrument}}; a prompt in the journal. */
    private static String href(Due due) {
        if ("OUTCOME_MEASURE".equals(due.kind()) && ScreeningQuestions.firstStep(due.instrument()) >= 0) {
            return "/progress/measures/" + due.instrument();
        }
        if ("JOURNAL_PROMPT".equals(due.kind()) && due.promptId() != null
                && due.promptId().matches("[0-9a-fA-F-]{36}")) {
            return "/journal?prompt=" + due.promptId();
        }
        return null;
    }

    private static String dueText(Due due) {
        return switch (due.kind() == null ? "" : due.kind()) {
            case "OUTCOME_MEASURE" -> "Answer the " + INSTRUMENTS.getOrDefault(due.instrument(), due.instrument())
                    + " questionnaire (" + label(due.timepoint()).toLowerCase(Locale.ROOT) + ").";
            case "COACHING_SESSION" -> "Your coaching session after session " + due.sessionNumber() + ".";
            case "JOURNAL_PROMPT" -> "A journaling prompt from session " + due.sessionNumber() + ".";
            default -> "Something from your care team.";
        };
    }
}

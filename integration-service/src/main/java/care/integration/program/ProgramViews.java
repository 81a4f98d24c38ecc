package care.integration.program;

import java.time.Instant;
import java.util.List;

import care.contracts.integration.OutcomeMeasured.Band;
import care.contracts.integration.OutcomeMeasured.Instrument;
import care.contracts.integration.OutcomeMeasured.Timepoint;

/** What the program API answers with (JSON field names are part of the API). */
final class ProgramViews {

    private ProgramViews() {
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

    record MeasureView(String measurementId, Instrument instrument, Timepoint timepoint, int score, Band band,
            Integer baselineScore, Integer changeFromBaseline, boolean response, boolean remission, Instant measuredAt,
            boolean safetyReviewRequested) {

        static MeasureView of(CarePath.Measure measure) {
            return new MeasureView(measure.measurementId(), measure.instrument(), measure.timepoint(), measure.score(),
                    measure.band(), measure.baselineScore(), measure.change(), measure.response(), measure.remission(),
                    measure.measuredAt(), measure.item9Positive() && measure.timepoint() != Timepoint.BASELINE);
        }
    }

    record CoachingView(String appointmentId, String coachId, int sessionNumber, int durationMinutes, String notes,
            List<String> contentIds, Instant recordedAt) {

        static CoachingView of(CarePath.CoachingRecord record) {
            return new CoachingView(record.appointmentId(), record.coachId(), record.sessionNumber(),
                    record.durationMinutes(), record.notes(), record.contentIds(), record.recordedAt());
        }
    }
}

package care.integration.program;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import care.kit.domain.Refusal;

/** Reads a patient's care path and journal: what the API shows, apart from the changes. */
@Component
public class CarePathQueries {

    private final MongoTemplate mongo;
    private final JournalPrompts prompts;

    CarePathQueries(MongoTemplate mongo, JournalPrompts prompts) {
        this.mongo = mongo;
        this.prompts = prompts;
    }

    public Optional<CarePath> find(String patientId) {
        return Optional.ofNullable(mongo.findById(patientId, CarePath.class));
    }

    /** The patient's path, or 404 when this service has not heard of the patient. */
    public CarePath get(String patientId) {
        return find(patientId).orElseThrow(() -> Refusal.notFound("The patient"));
    }

    /** The patient's journal entries, newest first. */
    public List<JournalEntry> entries(String patientId) {
        return mongo.find(Query.query(Criteria.where("patientId").is(patientId))
                .with(Sort.by(Sort.Direction.DESC, "writtenAt")).limit(500), JournalEntry.class);
    }

    /** The prompts assigned to the patient in the current program, each with its text and whether it is answered. */
    List<ProgramViews.PromptView> prompts(String patientId) {
        Program program = find(patientId).flatMap(CarePath::program).orElse(null);
        if (program == null) {
            return List.of();
        }
        List<String> answered = entries(patientId).stream().map(JournalEntry::assignmentId).toList();
        return program.prompts().stream().map(assignment -> new ProgramViews.PromptView(assignment.assignmentId(),
                assignment.promptId(), assignment.sessionNumber(),
                prompts.find(assignment.promptId()).map(JournalPrompts.Prompt::text).orElse(null),
                assignment.assignedAt(), assignment.dueAt(), answered.contains(assignment.assignmentId()))).toList();
    }

    /** The coaching sessions recorded in the current program. */
    List<CarePath.CoachingRecord> coaching(String patientId) {
        return find(patientId).flatMap(CarePath::program).map(Program::coaching).orElse(List.of());
    }

    /** The patient's progress, or 404 when this service has not heard of the patient. */
    Progress progress(String patientId) {
        CarePath path = get(patientId);
        List<JournalEntry> entries = entries(patientId);
        return Progress.of(path, entries.size(), entries.stream().map(JournalEntry::assignmentId).toList());
    }
}

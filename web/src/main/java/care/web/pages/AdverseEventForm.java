package care.web.pages;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import care.web.gateway.ApiProblem;

/**
 * What the clinician typed in the session console's adverse-event form (fields {@code severity}, {@code category},
 * {@code description}), shown again after a refusal, and the attempt's {@code Idempotency-Key} (field
 * {@code attempt}: made when the form is drawn; kept while the same report is retried, so a resubmitted report is
 * recorded once). Its check before it is sent, and the body of {@code POST /api/sessions/{id}/adverse-events}.
 */
record AdverseEventForm(String severity, String category, String description, String attempt) {

    static final List<String> SEVERITIES = List.of("MILD", "MODERATE", "SEVERE");
    static final Map<String, String> CATEGORIES = categories();

    /** The form as typed; an attempt that is not a UUID gets a new key. */
    static AdverseEventForm typed(String severity, String category, String description, String attempt) {
        String key = SessionConsoleController.UUID_FORMAT.matcher(attempt).matches() ? attempt
                : UUID.randomUUID().toString();
        return new AdverseEventForm(severity, category, description, key);
    }

    /** The empty form, with the key of a new attempt. */
    static AdverseEventForm blank() {
        return new AdverseEventForm("", "", "", UUID.randomUUID().toString());
    }

    /** What to change, field by field, before the event can be reported; empty when nothing. */
    List<ApiProblem.FieldMessage> mistakes() {
        List<ApiProblem.FieldMessage> wrong = new ArrayList<>();
        if (!SEVERITIES.contains(severity)) {
            wrong.add(new ApiProblem.FieldMessage("severity", "Choose how severe the event is."));
        }
        if (!CATEGORIES.containsKey(category)) {
            wrong.add(new ApiProblem.FieldMessage("category", "Choose what kind of event it is."));
        }
        if (description.isBlank()) {
            wrong.add(new ApiProblem.FieldMessage("description", "Describe what happened."));
        }
        return wrong;
    }

    /** The report as the Session API takes it. */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("severity", severity);
        body.put("category", category);
        body.put("description", description.strip());
        return body;
    }

    private static Map<String, String> categories() {
        Map<String, String> categories = new LinkedHashMap<>();
        categories.put("BLOOD_PRESSURE_RISE", "Blood pressure rise");
        categories.put("NAUSEA_OR_VOMITING", "Nausea or vomiting");
        categories.put("DISSOCIATIVE_DISTRESS", "Dissociative distress");
        categories.put("EXCESSIVE_SEDATION", "Excessive sedation");
        categories.put("RESPIRATORY_DEPRESSION", "Respiratory depression");
        categories.put("CARDIAC_SYMPTOMS", "Cardiac symptoms");
        categories.put("FALL_OR_INJURY", "Fall or injury");
        categories.put("OTHER", "Other");
        return Collections.unmodifiableMap(categories);
    }
}

package care.web.pages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import care.web.gateway.ApiProblem;

/**
 * What the clinician typed in the session console's vitals form (fields {@code phase}, {@code systolic},
 * {@code diastolic}, {@code heartRate}), shown again after a refusal; its check before it is sent, and the body of
 * {@code POST /api/sessions/{id}/vitals}.
 */
record VitalsForm(String phase, String systolic, String diastolic, String heartRate) {

    static final List<String> PHASES = List.of("PRE_DOSE", "PEAK", "DISCHARGE");

    /** The form as typed, the numbers without surrounding blanks. */
    static VitalsForm typed(String phase, String systolic, String diastolic, String heartRate) {
        return new VitalsForm(phase, systolic.strip(), diastolic.strip(), heartRate.strip());
    }

    /** The empty form: a reading before the dose while the session is scheduled, at the peak afterwards. */
    static VitalsForm blank(SessionView session) {
        return new VitalsForm(session.scheduled() ? "PRE_DOSE" : "PEAK", "", "", "");
    }

    /** What to change, field by field, before the reading can be sent; empty when nothing. */
    List<ApiProblem.FieldMessage> mistakes() {
        List<ApiProblem.FieldMessage> wrong = new ArrayList<>();
        if (!PHASES.contains(phase)) {
            wrong.add(new ApiProblem.FieldMessage("phase", "Choose when the reading was taken."));
        }
        number(systolic, "systolic", "the top number, such as 120", wrong);
        number(diastolic, "diastolic", "the bottom number, such as 80", wrong);
        number(heartRate, "heartRate", "beats per minute, such as 72", wrong);
        return wrong;
    }

    /** The reading as the Session API takes it; only once {@link #mistakes()} is empty. */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("phase", phase);
        body.put("systolic", Integer.valueOf(systolic));
        body.put("diastolic", Integer.valueOf(diastolic));
        body.put("heartRate", Integer.valueOf(heartRate));
        return body;
    }

    /** A whole number from a field, or a message for the field. */
    private static Integer number(String value, String field, String example, List<ApiProblem.FieldMessage> wrong) {
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException notANumber) {
            wrong.add(new ApiProblem.FieldMessage(field, "Enter " + example + "."));
            return null;
        }
    }
}

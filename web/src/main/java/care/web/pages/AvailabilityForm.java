package care.web.pages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import care.web.gateway.ApiProblem;
import org.springframework.util.MultiValueMap;

/**
 * A provider's weekly availability as the coordinator typed it (fields {@code providerId}, {@code timeZone},
 * {@code appointmentTypes}, and {@code <DAY>.start} / {@code <DAY>.end} for each day), shown again after a refusal;
 * its check, and the body of {@code PUT /api/scheduling/providers/{id}/availability}.
 */
record AvailabilityForm(String providerId, String timeZone, List<String> types, List<Window> windows) {

    static final List<String> DAYS = List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY",
            "SUNDAY");
    static final Map<String, String> APPOINTMENT_TYPES = Map.of("CONSULTATION", "Consultation",
            "DOSING_SESSION", "Dosing session", "INTEGRATION_COACHING", "Integration coaching");

    /** A day's window as typed. */
    record Window(String day, String start, String end) {
    }

    /** The empty form: no provider, UTC, no day. */
    static AvailabilityForm empty() {
        return new AvailabilityForm("", "UTC", List.of(), DAYS.stream().map(day -> new Window(day, "", "")).toList());
    }

    static AvailabilityForm typed(MultiValueMap<String, String> form) {
        String providerId = form.getFirst("providerId") == null ? "" : form.getFirst("providerId");
        String timeZone = form.getFirst("timeZone") == null ? "" : form.getFirst("timeZone").strip();
        List<String> types = form.getOrDefault("appointmentTypes", List.of()).stream()
                .filter(APPOINTMENT_TYPES::containsKey).toList();
        List<Window> windows = DAYS.stream().map(day -> new Window(day, value(form, day + ".start"),
                value(form, day + ".end"))).toList();
        return new AvailabilityForm(providerId, timeZone, types, windows);
    }

    /** The days with a window, as scheduling takes them; a day with only one of its times is left out. */
    List<Map<String, String>> weekly() {
        List<Map<String, String>> weekly = new ArrayList<>();
        for (Window window : windows) {
            if (window.start().isEmpty() || window.end().isEmpty()) {
                continue;
            }
            Map<String, String> day = new LinkedHashMap<>();
            day.put("day", window.day());
            day.put("start", window.start());
            day.put("end", window.end());
            weekly.add(day);
        }
        return weekly;
    }

    /** What to change before the availability can be published: half-given days, then a missing provider. */
    List<ApiProblem.FieldMessage> mistakes() {
        List<ApiProblem.FieldMessage> errors = new ArrayList<>();
        for (Window window : windows) {
            if (window.start().isEmpty() != window.end().isEmpty()) {
                errors.add(new ApiProblem.FieldMessage(window.day(), "give both the start and the end, or neither"));
            }
        }
        if (!AfterSessionController.UUID_FORMAT.matcher(providerId).matches()) {
            errors.add(new ApiProblem.FieldMessage("providerId", "choose a provider"));
        }
        return errors;
    }

    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timeZone", timeZone);
        body.put("weekly", weekly());
        body.put("appointmentTypes", types);
        return body;
    }

    private static String value(MultiValueMap<String, String> form, String name) {
        String value = form.getFirst(name);
        return value == null ? "" : value.strip();
    }
}

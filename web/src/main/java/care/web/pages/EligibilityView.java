package care.web.pages;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import care.web.gateway.GatewayClient;

/**
 * What the eligibility page shows of a patient, as intake answers it: the consultation request being decided, the
 * latest screening (scores and bands, the PHQ-9 item 9 flag, blood pressure, contraindications with their
 * severity), the open safety escalation, and whether the patient was referred out.
 */
record EligibilityView(Consultation consultation, Screening screening, Escalation escalation, boolean referredOut) {

    private static final Map<String, String> CODES = Map.ofEntries(
            Map.entry("UNDER_18", "Under 18"),
            Map.entry("ELEVATED_BLOOD_PRESSURE", "Elevated blood pressure"),
            Map.entry("SELF_HARM_THOUGHTS_REVIEWED", "Thoughts of self-harm (PHQ-9 item 9 above 0)"),
            Map.entry("PREGNANT_OR_NURSING", "Pregnant or nursing"),
            Map.entry("PSYCHOSIS_OR_MANIA", "Psychosis or mania"),
            Map.entry("SUBSTANCE_DEPENDENCE", "Substance dependence"),
            Map.entry("OPIOID_USE_DISORDER_HISTORY", "History of opioid use disorder"),
            Map.entry("KETAMINE_HYPERSENSITIVITY", "Ketamine hypersensitivity"),
            Map.entry("ANEURYSMAL_VASCULAR_DISEASE", "Aneurysmal vascular disease"),
            Map.entry("ARTERIOVENOUS_MALFORMATION", "Arteriovenous malformation"),
            Map.entry("INTRACEREBRAL_HEMORRHAGE_HISTORY", "History of intracerebral hemorrhage"),
            Map.entry("UNCONTROLLED_CARDIAC_DISEASE", "Uncontrolled cardiac disease"),
            Map.entry("RECENT_SUICIDE_ATTEMPT_OR_INTENT", "Recent suicide attempt or intent"),
            Map.entry("BIPOLAR_WITHOUT_SEVERE_MANIA", "Bipolar disorder without severe mania"),
            Map.entry("RESPIRATORY_ILLNESS", "Respiratory illness"));

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /** The parts of intake's summary this page uses. */
    record Summary(String patientId, List<Consultation> consultations, List<Escalation> escalations,
            boolean referredOut) {
    }

    record Consultation(String consultationId, String status, Instant requestedAt, String outcome,
            Integer plannedSessions, String ruleSetVersion, Instant decidedAt) {
    }

    record Escalation(String escalationId, String status, Instant raisedAt, int triggers) {

        public String raised() {
            return raisedAt == null ? "" : WHEN.format(raisedAt);
        }
    }

    /** A screening as {@code GET /api/intake/patients/{id}/screenings} lists it (the answers are not shown). */
    record Screening(String screeningId, Instant completedAt, BloodPressure bloodPressure, Score gad7, Phq9Score phq9,
            List<Finding> contraindications) {

        public String completed() {
            return completedAt == null ? "" : WHEN.format(completedAt);
        }
    }

    record BloodPressure(Integer systolic, Integer diastolic) {
    }

    record Score(int total, String band) {

        public String bandLabel() {
            return band == null ? "" : band.toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    record Phq9Score(int total, String band, boolean item9Positive) {

        public String bandLabel() {
            return band == null ? "" : band.toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    record Finding(String code, String severity) {

        public String label() {
            return CODES.getOrDefault(code, code);
        }

        public String severityLabel() {
            return severity == null ? "" : severity.toLowerCase(Locale.ROOT);
        }
    }

    /** Reads the patient's summary and screenings; {@code consultationId} is null on the safety review alone. */
    static EligibilityView read(GatewayClient gateway, String patientId, String consultationId) {
        Summary summary = gateway.get("/api/intake/patients/{id}/summary", Summary.class, patientId);
        Screening[] screenings = gateway.get("/api/intake/patients/{id}/screenings", Screening[].class, patientId);
        Consultation consultation = summary == null || summary.consultations() == null || consultationId == null ? null
                : summary.consultations().stream().filter(c -> consultationId.equals(c.consultationId())).findFirst()
                        .orElse(null);
        Escalation open = summary == null || summary.escalations() == null ? null
                : summary.escalations().stream().filter(e -> "OPEN".equals(e.status())).findFirst().orElse(null);
        return new EligibilityView(consultation, screenings == null || screenings.length == 0 ? null : screenings[0],
                open, summary != null && summary.referredOut());
    }
}

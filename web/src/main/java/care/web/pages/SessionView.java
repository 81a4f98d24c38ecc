package care.web.pages;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A dosing session as {@code GET /api/sessions/{sessionId}} answers it (the fields the session console and the
 * monitor's view show), with what the pages derive from it: the state of each monitor check at a given time and
 * the alerts (missed checks, concerns) the clinician must see.
 */
record SessionView(String sessionId, String patientId, String appointmentId, int sessionNumber, String providerId,
        String status, boolean planPaused, Instant scheduledStart, Instant scheduledEnd, Instant startableFrom,
        Preparation preparation, List<Vital> vitals, Instant startedAt, Instant dischargeableFrom,
        List<Check> monitorChecks, List<CheckIn> checkIns, List<AdverseEvent> adverseEvents, Instant completedAt,
        Integer monitoredMinutes, Deferral deferral) {

    SessionView {
        vitals = vitals == null ? List.of() : vitals;
        monitorChecks = monitorChecks == null ? List.of() : monitorChecks;
        checkIns = checkIns == null ? List.of() : checkIns;
        adverseEvents = adverseEvents == null ? List.of() : adverseEvents;
    }

    record Monitor(String name, String phone) {
    }

    record Preparation(String intention, boolean fastingConfirmed, Monitor monitor, boolean noDriving,
            boolean safeEnvironment, boolean complete, List<String> missing, Instant preparedAt) {
    }

    record Vital(String readingId, String phase, int systolic, int diastolic, int heartRate, Instant takenAt,
            String recordedBy, boolean baseline) {

        public String phaseLabel() {
            return SessionView.phaseLabel(phase);
        }
    }

    record Check(int checkNumber, Instant dueAt, Instant missedAfter, String state, String reported,
            Instant checkedAt) {
    }

    record CheckIn(Instant at, String status, String recordedBy, Integer checkNumber) {
    }

    record AdverseEvent(String adverseEventId, String severity, String category, String description,
            Instant reportedAt, boolean automatic) {
    }

    record Deferral(String reason, Instant at) {
    }

    /** A monitor check as a row of the console: its state in words at the time of the page. */
    record CheckRow(Check check, String label, boolean alert) {
    }

    /** The preparation items the API names in {@code missing}, in words. */
    static String preparationItem(String code) {
        return switch (code) {
            case "intention" -> "the intention";
            case "fastingConfirmed" -> "fasting confirmed";
            case "monitor" -> "the monitor's name and phone";
            case "noDriving" -> "no driving until tomorrow";
            case "safeEnvironment" -> "a safe, quiet place";
            default -> code;
        };
    }

    static String statusLabel(String status) {
        return switch (status == null ? "" : status) {
            case "SCHEDULED" -> "Scheduled";
            case "IN_PROGRESS" -> "In progress";
            case "COMPLETED" -> "Completed (discharged)";
            case "DEFERRED" -> "Deferred";
            case "CANCELLED" -> "Cancelled";
            case "MISSED" -> "Missed";
            default -> "Unknown";
        };
    }

    static String phaseLabel(String phase) {
        return switch (phase == null ? "" : phase) {
            case "PRE_DOSE" -> "Pre-dose";
            case "PEAK" -> "Peak";
            case "DISCHARGE" -> "Discharge";
            default -> "Other";
        };
    }

    public String statusLabel() {
        return statusLabel(status);
    }

    public boolean inProgress() {
        return "IN_PROGRESS".equals(status);
    }

    public boolean scheduled() {
        return "SCHEDULED".equals(status);
    }

    public List<String> missingPreparation() {
        return preparation == null || preparation.missing() == null ? List.of()
                : preparation.missing().stream().map(SessionView::preparationItem).toList();
    }

    public boolean prepared() {
        return preparation != null && preparation.complete();
    }

    /** Each check's state at {@code now}: the API's CHECKED_IN and MISSED, or due, late, upcoming. */
    List<CheckRow> checkRows(Instant now) {
        List<CheckRow> rows = new ArrayList<>();
        for (Check check : monitorChecks) {
            String label;
            boolean alert = false;
            switch (check.state() == null ? "" : check.state()) {
                case "CHECKED_IN" -> {
                    alert = "CONCERN".equals(check.reported());
                    label = alert ? "Concern reported" : "Checked in: OK";
                }
                case "MISSED" -> {
                    alert = true;
                    label = "Missed";
                }
                default -> {
                    if (check.missedAfter() != null && now.isAfter(check.missedAfter())) {
                        alert = true;
                        label = "Overdue: no check-in";
                    } else if (check.dueAt() != null && !now.isBefore(check.dueAt())) {
                        label = "Due now";
                    } else {
                        label = "Upcoming";
                    }
                }
            }
            rows.add(new CheckRow(check, label, alert));
        }
        return rows;
    }

    /** The concerns the monitor reported, newest first. */
    List<CheckIn> concerns() {
        return checkIns.stream().filter(in -> "CONCERN".equals(in.status()))
                .sorted((a, b) -> b.at().compareTo(a.at())).toList();
    }

    /** The first check not yet checked in or missed. */
    Optional<Check> nextCheck() {
        return monitorChecks.stream().filter(check -> "PENDING".equals(check.state())).findFirst();
    }

    /** A short fingerprint of what the live part shows, so a poll that would change nothing swaps nothing. */
    static String fingerprint(String status, List<CheckRow> rows, int concerns, int adverseEvents) {
        StringBuilder text = new StringBuilder(status).append('|').append(concerns).append('|').append(adverseEvents);
        rows.forEach(row -> text.append('|').append(row.check().checkNumber()).append(':').append(row.label()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** A time of day in a zone, e.g. "14:30 UTC". */
    static String time(Instant instant, ZoneId zone) {
        if (instant == null) {
            return "";
        }
        String suffix = zone.equals(ZoneOffset.UTC) || "UTC".equals(zone.getId()) ? "UTC"
                : zone.getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH);
        return DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH).format(instant.atZone(zone)) + " " + suffix;
    }

    /** A day and time in a zone, e.g. "1 May 2026, 14:30 UTC". */
    static String dayAndTime(Instant instant, ZoneId zone) {
        if (instant == null) {
            return "";
        }
        return DateTimeFormatter.ofPattern("d MMMM yyyy, ", Locale.ENGLISH).format(instant.atZone(zone))
                + time(instant, zone);
    }
}

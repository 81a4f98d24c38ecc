package care.web.pages;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import care.web.gateway.ApiProblem;
import care.web.gateway.GatewayClient;
import org.springframework.stereotype.Component;

/**
 * The free times the booking page offers for a dosing session on a day, from scheduling's
 * {@code GET /api/scheduling/slots}, and the time a patient picked, read back from the form's {@code slot} value
 * ({@code <provider id>|<start>}).
 */
@Component
class BookingTimes {

    record SlotPage(List<SlotView> items, int total) {
    }

    record SlotView(String providerId, Instant start, Instant end) {
    }

    /** A free time as the page offers it: the value names the provider and the start. */
    record TimeChoice(String value, String label, Instant start) {
    }

    /** The patient's care team as intake lists it; only the staff ids and roles are used. */
    record CareTeam(List<CareTeamMember> members) {
    }

    record CareTeamMember(String staffId, String role) {
    }

    private final GatewayClient gateway;
    private final PatientContext patient;

    BookingTimes(GatewayClient gateway, PatientContext patient) {
        this.gateway = gateway;
        this.patient = patient;
    }

    /**
     * The free times of the day in the zone, one per start, from now on. The clinicians of the patient's care team
     * (responsible, supervising) supervise their sessions: when any of them is free that day only their times are
     * offered; otherwise every clinician's, each start once (the first clinician offering it).
     */
    List<TimeChoice> of(LocalDate day, ZoneId zone) {
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        SlotPage page = gateway.get("/api/scheduling/slots?type={type}&from={from}&to={to}&size={size}",
                SlotPage.class, "DOSING_SESSION", from.toString(), to.toString(), 200);
        List<SlotView> slots = page == null || page.items() == null ? List.of() : page.items();
        Set<String> team = careTeamClinicians();
        if (slots.stream().anyMatch(slot -> slot.providerId() != null
                && team.contains(slot.providerId().toLowerCase(Locale.ROOT)))) {
            slots = slots.stream().filter(slot -> slot.providerId() != null
                    && team.contains(slot.providerId().toLowerCase(Locale.ROOT))).toList();
        }
        Instant now = Instant.now();
        List<TimeChoice> times = new ArrayList<>();
        List<Instant> seen = new ArrayList<>();
        for (SlotView slot : slots) {
            if (slot.start() == null || !slot.start().isAfter(now) || seen.contains(slot.start())) {
                continue;
            }
            seen.add(slot.start());
            times.add(new TimeChoice(slot.providerId() + "|" + slot.start(),
                    PatientContext.TIME.format(slot.start().atZone(zone)), slot.start()));
        }
        return times;
    }

    /** The time a {@link TimeChoice#value()} names, for this session number; empty when it names none. */
    static Optional<BookingDraft.Choice> picked(int number, String slot) {
        if (slot == null) {
            return Optional.empty();
        }
        int bar = slot.indexOf('|');
        if (bar <= 0 || bar > 64) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BookingDraft.Choice(number, slot.substring(0, bar),
                    Instant.parse(slot.substring(bar + 1))));
        } catch (DateTimeParseException invalid) {
            return Optional.empty();
        }
    }

    /** The clinicians on the patient's care team; empty when intake does not say (the times of all are offered). */
    private Set<String> careTeamClinicians() {
        try {
            CareTeam team = gateway.get("/api/intake/patients/{id}/care-team", CareTeam.class, patient.patientId());
            if (team == null || team.members() == null) {
                return Set.of();
            }
            return team.members().stream()
                    .filter(member -> member.staffId() != null && member.role() != null
                            && member.role().endsWith("_CLINICIAN"))
                    .map(member -> member.staffId().toLowerCase(Locale.ROOT))
                    .collect(Collectors.toSet());
        } catch (ApiProblem problem) {
            if (problem.status() == 403 || problem.status() == 404) {
                return Set.of();
            }
            throw problem;
        }
    }
}

package care.scheduling.provider;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

import care.contracts.scheduling.AppointmentKind;
import care.scheduling.availability.WeeklyAvailability;

/** A provider's weekly availability, in their own time zone. */
@Document("providers")
public class ProviderSchedule {

    record Window(DayOfWeek day, String start, String end) {
    }

    @Id
    String id;
    @Version
    Long version;
    String timeZone;
    List<Window> weekly = new ArrayList<>();
    List<AppointmentKind> kinds = new ArrayList<>();

    static ProviderSchedule of(String providerId) {
        ProviderSchedule schedule = new ProviderSchedule();
        schedule.id = providerId;
        return schedule;
    }

    public String id() {
        return id;
    }

    public WeeklyAvailability availability() {
        return new WeeklyAvailability(ZoneId.of(timeZone), weekly.stream()
                .map(w -> new WeeklyAvailability.Window(w.day(), LocalTime.parse(w.start()), LocalTime.parse(w.end())))
                .toList(), Set.copyOf(kinds));
    }
}

package care.session.dosing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The preparation checklist of a dosing session (field {@code preparation} of its document). */
public class Preparation {
    String intention;
    boolean fastingConfirmed;
    String monitorName;
    String monitorPhone;
    boolean noDriving;
    boolean safeEnvironment;
    Instant updatedAt;

    /** The items still missing, empty when the checklist is complete. */
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (intention == null || intention.isBlank()) {
            missing.add("intention");
        }
        if (!fastingConfirmed) {
            missing.add("fastingConfirmed");
        }
        if (monitorName == null || monitorName.isBlank() || monitorPhone == null || monitorPhone.isBlank()) {
            missing.add("monitor");
        }
        if (!noDriving) {
            missing.add("noDriving");
        }
        if (!safeEnvironment) {
            missing.add("safeEnvironment");
        }
        return missing;
    }
}

package care.web.pages;

import java.util.ArrayList;
import java.util.List;

import care.web.gateway.GatewayClient;
import org.springframework.stereotype.Component;

/** The registered staff as intake lists them by role ({@code GET /api/intake/staff?role=}), for the coordination pages. */
@Component
class StaffDirectory {

    record Staff(String staffId, List<String> roles, String displayName, List<String> licensedJurisdictions) {
    }

    private final GatewayClient gateway;

    StaffDirectory(GatewayClient gateway) {
        this.gateway = gateway;
    }

    /** The staff with this role: CLINICIAN or COACH. */
    List<Staff> withRole(String role) {
        Staff[] found = gateway.get("/api/intake/staff?role={role}", Staff[].class, role);
        return found == null ? List.of() : List.of(found);
    }

    /** Clinicians, then the coaches who are not clinicians too: everyone who can provide care. */
    static List<Staff> providers(List<Staff> clinicians, List<Staff> coaches) {
        List<Staff> everyone = new ArrayList<>(clinicians);
        coaches.stream().filter(c -> clinicians.stream().noneMatch(s -> s.staffId().equals(c.staffId())))
                .forEach(everyone::add);
        return everyone;
    }
}

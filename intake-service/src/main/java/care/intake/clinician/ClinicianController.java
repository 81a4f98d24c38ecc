package care.intake.clinician;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;


/** Administrators register clinicians (their id is the provider id in their tokens) and their licences. */
@RestController
class ClinicianController {

    record ClinicianRequest(@NotBlank @Size(max = 100) String displayName,
            @NotEmpty @Size(max = 60) List<@Pattern(regexp = "[A-Z]{2}(-[A-Z0-9]{1,3})?", message = "must be an ISO 3166 code such as US-CA") String> licensedJurisdictions) {
    }

    record ClinicianView(String clinicianId, String displayName, List<String> licensedJurisdictions) {
    }

    private final Clinicians clinicians;

    ClinicianController(Clinicians clinicians) {
        this.clinicians = clinicians;
    }

    @PutMapping("/api/intake/clinicians/{clinicianId}")
    @PreAuthorize("hasRole('ADMIN')")
    ClinicianView put(@PathVariable String clinicianId, @Valid @RequestBody ClinicianRequest request) {
        Clinician clinician = clinicians.put(Clinicians.id(clinicianId), request.displayName().strip(),
                List.copyOf(new java.util.LinkedHashSet<>(request.licensedJurisdictions())));
        return new ClinicianView(clinician.id, clinician.displayName, clinician.licensedJurisdictions);
    }
}

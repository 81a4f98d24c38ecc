package care.intake.patient;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import care.contracts.intake.CareTeamChanged.Role;
import care.kit.access.CareTeam;
import care.kit.access.CareTeams;

/**
 * The care teams access decisions use in intake: read from the patients' records, which intake owns, so a change
 * counts from the moment it is stored. Every emergency access is listed with when it ends (ended early: when it
 * was ended), so an access that has ended is told apart from none.
 */
@Component
class PatientCareTeams implements CareTeams {

    private final MongoTemplate mongo;

    PatientCareTeams(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Optional<CareTeam> of(String patientId) {
        Query query = Query.query(Criteria.where("_id").is(patientId));
        query.fields().include("careTeam", "emergencyGrants", "careTeamVersion");
        return Optional.ofNullable(mongo.findOne(query, Patient.class)).map(PatientCareTeams::team);
    }

    static CareTeam team(Patient patient) {
        List<CareTeam.Member> members = new ArrayList<>();
        for (Patient.CareTeamMember member : patient.careTeam) {
            members.add(new CareTeam.Member(member.staffId(), member.role(), member.since(), null, null));
        }
        for (EmergencyGrant grant : patient.emergencyGrants) {
            members.add(new CareTeam.Member(grant.staffId(), Role.EMERGENCY_ACCESS, grant.grantedAt(), grant.endsAt(),
                    grant.grantId()));
        }
        return new CareTeam(patient.id, patient.careTeamVersion, members);
    }
}

package care.kit.access;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.mongodb.core.MongoTemplate;

import care.contracts.intake.CareTeamChanged;

/**
 * This service's copy of every patient's care team, from intake's compacted care-team topic: one document per
 * patient in {@value #COLLECTION}, replaced only by a higher version. What {@link PatientAccess} authorizes from
 * outside intake. Removing a member takes effect as soon as the change is read, within seconds.
 */
public class CareTeamProjection implements CareTeams {

    public static final String COLLECTION = "access_care_teams";

    private final VersionedProjection projection;
    private final ObjectProvider<CareTeamListener> listeners;

    public CareTeamProjection(MongoTemplate mongo, ObjectProvider<CareTeamListener> listeners) {
        this.projection = new VersionedProjection(mongo, COLLECTION);
        this.listeners = listeners;
    }

    @Override
    public Optional<CareTeam> of(String patientId) {
        return projection.find(patientId.toLowerCase()).map(CareTeamProjection::team);
    }

    /** Stores the team the event describes unless a newer one is stored, then tells this service's listeners. */
    public void apply(CareTeamChanged changed) {
        List<Document> members = new ArrayList<>();
        for (CareTeamChanged.Member member : changed.members()) {
            members.add(new Document("staffId", member.staffId().toString()).append("role", member.role().name())
                    .append("since", Date.from(member.since()))
                    .append("expiresAt", member.expiresAt() == null ? null : Date.from(member.expiresAt()))
                    .append("grantId", member.grantId() == null ? null : member.grantId().toString()));
        }
        VersionedProjection.Applied applied = projection.apply(changed.patientId().toString(), changed.version(),
                new Document("members", members).append("changedAt", Date.from(changed.occurredAt())));
        if (applied != VersionedProjection.Applied.STALE) {
            listeners.orderedStream().forEach(listener -> listener.careTeamChanged(changed));
        }
    }

    private static CareTeam team(Document document) {
        List<CareTeam.Member> members = new ArrayList<>();
        for (Document member : document.getList("members", Document.class, List.of())) {
            Date expires = member.getDate("expiresAt");
            members.add(new CareTeam.Member(member.getString("staffId"),
                    CareTeamChanged.Role.valueOf(member.getString("role")), member.getDate("since").toInstant(),
                    expires == null ? null : expires.toInstant(), member.getString("grantId")));
        }
        return new CareTeam(document.getString("_id"), ((Number) document.get(VersionedProjection.VERSION)).longValue(),
                members);
    }
}

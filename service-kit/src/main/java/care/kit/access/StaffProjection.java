package care.kit.access;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

import care.contracts.intake.StaffMemberChanged;
import care.contracts.intake.StaffMemberChanged.StaffRole;

/**
 * This service's copy of the staff directory, from intake's compacted staff topic: one document per staff
 * member in {@value #COLLECTION}, replaced only by a higher version. A staff member whose entry lists no roles
 * is not registered.
 */
public class StaffProjection implements StaffDirectory {

    public static final String COLLECTION = "access_staff";

    private final VersionedProjection projection;

    public StaffProjection(MongoTemplate mongo) {
        this.projection = new VersionedProjection(mongo, COLLECTION);
    }

    @Override
    public Optional<StaffMember> find(String staffId) {
        return projection.find(staffId.toLowerCase()).map(StaffProjection::member)
                .filter(member -> !member.roles().isEmpty());
    }

    public void apply(StaffMemberChanged changed) {
        projection.apply(changed.staffId().toString(), changed.version(),
                new Document("roles", changed.roles().stream().map(Enum::name).toList())
                        .append("licensedJurisdictions", changed.licensedJurisdictions()));
    }

    private static StaffMember member(Document document) {
        Set<StaffRole> roles = EnumSet.noneOf(StaffRole.class);
        document.getList("roles", String.class, List.of()).forEach(role -> roles.add(StaffRole.valueOf(role)));
        return new StaffMember(document.getString("_id"), roles,
                new ArrayList<>(document.getList("licensedJurisdictions", String.class, List.of())));
    }
}

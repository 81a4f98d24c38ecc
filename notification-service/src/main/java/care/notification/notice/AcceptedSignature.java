package care.notification.notice;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A webhook signature already accepted ({@link AcceptedSignatures}): {@code {_id: <replay key>, acceptedAt,
 * expiresAt}}, removed by the store once {@code expiresAt} has passed (a TTL index, named from its key as before).
 * Written as a plain document by {@link AcceptedSignatures}, so that it carries no type key.
 */
@Document(AcceptedSignatures.COLLECTION)
class AcceptedSignature {

    @Id
    String id;
    Instant acceptedAt;
    @Indexed(expireAfter = "0s", useGeneratedName = true)
    Instant expiresAt;
}

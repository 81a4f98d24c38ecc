package care.kit.events;

import java.nio.charset.StandardCharsets;

import care.contracts.ContractEvent;
import care.contracts.EventType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Event payloads as the contract defines them: the record as JSON, instants as ISO-8601 strings.
 * Uses its own mapper so that an application's Jackson settings cannot change the wire format.
 */
public final class EventJson {

    private final JsonMapper mapper = JsonMapper.builder().build();

    public String write(ContractEvent event) {
        return mapper.writeValueAsString(event);
    }

    /**
     * Reads a payload of the given type.
     *
     * @throws PoisonEventException when the payload is not valid JSON for the type, or breaks its invariants
     */
    public ContractEvent read(EventType type, byte[] payload) {
        try {
            return mapper.readValue(payload, type.recordClass());
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new PoisonEventException("Payload of " + type.type() + " cannot be read", e);
        }
    }

    public ContractEvent read(EventType type, String payload) {
        return read(type, payload.getBytes(StandardCharsets.UTF_8));
    }
}

package care.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** The AsyncAPI document describes every topic, header and event type of the registry. */
class AsyncApiTest {

    private final JsonNode doc = ContractDocuments.asyncApi();

    @Test
    void isAnAsyncApi3DocumentWithJsonPayloads() {
        assertThat(doc.path("asyncapi").asString()).isEqualTo("3.0.0");
        assertThat(doc.path("defaultContentType").asString()).isEqualTo(CloudEventHeaders.APPLICATION_JSON);
        assertThat(doc.path("info").path("version").asString()).startsWith("1.");
    }

    @Test
    void hasOneChannelPerTopicWithItsCleanupPolicy() {
        Map<String, Topics.Topic> topics = new HashMap<>();
        Topics.all().forEach(topic -> topics.put(topic.name(), topic));
        List<String> addresses = new ArrayList<>();
        doc.path("channels").properties().forEach(channel -> {
            String address = channel.getValue().path("address").asString();
            addresses.add(address);
            JsonNode kafka = channel.getValue().path("bindings").path("kafka");
            assertThat(kafka.path("topic").asString()).isEqualTo(address);
            assertThat(ContractDocuments.strings(kafka.path("topicConfiguration").path("cleanup.policy")))
                    .containsExactly(topics.get(address).compacted() ? "compact" : "delete");
        });
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(topics.keySet());
    }

    @Test
    void headersAreTheCloudEventsBinaryModeHeadersPlusTracing() {
        JsonNode headers = doc.path("components").path("schemas").path("CloudEventHeaders");

        assertThat(headers.path("properties").propertyNames()).containsExactlyElementsOf(CloudEventHeaders.ALL);
        assertThat(ContractDocuments.strings(headers.path("required"))).containsExactlyElementsOf(CloudEventHeaders.CLOUDEVENT);
        assertThat(headers.path("properties").path("ce_specversion").path("const").asString())
                .isEqualTo(CloudEventHeaders.SPEC_VERSION_1_0);
        assertThat(headers.path("properties").path("content-type").path("const").asString())
                .isEqualTo(CloudEventHeaders.APPLICATION_JSON);
        assertThat(headers.path("properties").path("ce_subject").path("format").asString()).isEqualTo("uuid");
        assertThat(doc.path("components").path("schemas").path("PatientId").path("format").asString()).isEqualTo("uuid");
    }

    @Test
    void describesNoMessageOutsideTheRegistry() {
        assertThat(doc.path("components").path("messages").propertyNames()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(EventType.values()).map(type -> type.recordClass().getSimpleName()).toList());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void describesTheMessageWithHeadersKeyAndPayloadSchema(EventType type) {
        String name = type.recordClass().getSimpleName();
        JsonNode message = doc.path("components").path("messages").path(name);

        assertThat(message.path("name").asString()).isEqualTo(name);
        assertThat(message.path("contentType").asString()).isEqualTo(CloudEventHeaders.APPLICATION_JSON);
        assertThat(message.path("correlationId").path("location").asString())
                .isEqualTo("$message.header#/" + CloudEventHeaders.CORRELATION_ID);
        JsonNode headers = message.path("headers").path("allOf");
        assertThat(headers.path(0).path("$ref").asString()).isEqualTo("#/components/schemas/CloudEventHeaders");
        assertThat(headers.path(1).path("properties").path("ce_type").path("const").asString()).isEqualTo(type.type());
        if (type.reportedByEveryService()) {
            assertThat(headers.path(1).path("properties").has("ce_source")).as("any service publishes it").isFalse();
        } else {
            assertThat(headers.path(1).path("properties").path("ce_source").path("const").asString())
                    .isEqualTo(type.source());
        }
        assertThat(message.path("bindings").path("kafka").path("key").path("$ref").asString())
                .isEqualTo(StaffEvent.class.isAssignableFrom(type.recordClass()) ? "#/components/schemas/StaffId"
                        : "#/components/schemas/PatientId");

        String payload = message.path("payload").path("$ref").asString();
        assertThat(payload).isEqualTo("./schemas/" + type.type() + ".json");
        assertThat("care/contracts/" + payload.substring(2)).isEqualTo(type.schemaResource());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void publishesTheMessageOnlyOnItsTopicThroughASendOperation(EventType type) {
        String name = type.recordClass().getSimpleName();
        List<String> channelsWithIt = new ArrayList<>();
        doc.path("channels").properties().forEach(channel -> {
            if (channel.getValue().path("messages").has(name)) {
                channelsWithIt.add(channel.getKey());
                assertThat(channel.getValue().path("messages").path(name).path("$ref").asString())
                        .isEqualTo("#/components/messages/" + name);
            }
        });
        assertThat(channelsWithIt).hasSize(1);
        String channel = channelsWithIt.getFirst();
        assertThat(doc.path("channels").path(channel).path("address").asString()).isEqualTo(type.topic());

        List<JsonNode> sends = new ArrayList<>();
        doc.path("operations").values().forEach(operation -> {
            if (operation.path("channel").path("$ref").asString().equals("#/channels/" + channel)) {
                sends.add(operation);
            }
        });
        assertThat(sends).singleElement().satisfies(operation -> {
            assertThat(operation.path("action").asString()).isEqualTo("send");
            assertThat(operation.path("messages").values()).extracting(ref -> ref.path("$ref").asString())
                    .contains("#/channels/" + channel + "/messages/" + name);
        });
    }
}

package care.manifests;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.JsonElement;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;

/**
 * Strict validation of core Kubernetes objects against the API's own model (client-java-api): an unknown or
 * misspelt field, a missing required field or a value of the wrong type fails, as the API server would refuse it.
 * Kinds without a model here (custom resources) are refused too, except those checked only for shape.
 */
final class KubernetesSchema {

    private static final Map<String, Class<?>> MODELS = Map.of(
            "v1/ConfigMap", V1ConfigMap.class,
            "v1/Namespace", V1Namespace.class,
            "v1/Secret", V1Secret.class,
            "v1/Service", V1Service.class,
            "v1/ServiceAccount", V1ServiceAccount.class,
            "apps/v1/Deployment", V1Deployment.class,
            "policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class,
            "networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy.class);

    /**
     * Custom resources checked here for shape only (apiVersion, kind, metadata.name and spec are required), so that
     * this validation needs nothing but Java; CustomResourceSchemaTest validates them against their CRD's schema
     * when node and deploy/manifests/install-crd-models.sh are at hand.
     */
    static final List<String> SHAPE_ONLY = List.of("external-secrets.io/v1/ExternalSecret");

    private static final Gson GSON = new Gson();

    private KubernetesSchema() {
    }

    static String type(Map<String, Object> object) {
        return object.get("apiVersion") + "/" + object.get("kind");
    }

    static String describe(Map<String, Object> object) {
        Object metadata = object.get("metadata");
        Object name = metadata instanceof Map<?, ?> m ? m.get("name") : null;
        return type(object) + " " + name;
    }

    /** Parses the object into its model; throws with the reason if it is not a valid object of its kind. */
    static Object validate(Map<String, Object> object) {
        String type = type(object);
        if (SHAPE_ONLY.contains(type)) {
            validateShape(object);
            return object;
        }
        Class<?> model = MODELS.get(type);
        if (model == null) {
            throw new IllegalArgumentException("no schema for " + describe(object) + ": add its model or remove it");
        }
        JsonElement json = GSON.toJsonTree(object);
        try {
            model.getMethod("validateJsonElement", JsonElement.class).invoke(null, json);
            Method fromJson = model.getMethod("fromJson", String.class);
            return fromJson.invoke(null, GSON.toJson(json));
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(describe(object) + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(model + " has no validateJsonElement/fromJson", e);
        }
    }

    private static void validateShape(Map<String, Object> object) {
        if (!(object.get("metadata") instanceof Map<?, ?> metadata) || !(metadata.get("name") instanceof String)) {
            throw new IllegalArgumentException(describe(object) + ": metadata.name missing");
        }
        if (!(object.get("spec") instanceof Map<?, ?> spec) || spec.isEmpty()) {
            throw new IllegalArgumentException(describe(object) + ": spec missing");
        }
    }
}

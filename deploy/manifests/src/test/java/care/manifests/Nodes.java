package care.manifests;

import java.util.List;
import java.util.Map;

/** Null-safe navigation in parsed YAML (maps and lists); a missing step gives an empty map or list, or null. */
final class Nodes {

    private Nodes() {
    }

    static Object get(Object node, String... path) {
        Object current = node;
        for (String step : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(step);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String... path) {
        return get(node, path) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String... path) {
        return get(node, path) instanceof List<?> list ? (List<Object>) list : List.of();
    }

    static String string(Object node, String... path) {
        Object value = get(node, path);
        return value == null ? null : value.toString();
    }

    static String kind(Map<String, Object> object) {
        return string(object, "kind");
    }

    static String name(Map<String, Object> object) {
        return string(object, "metadata", "name");
    }
}

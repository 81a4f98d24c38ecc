package care.intake.config;

import care.contracts.intake.Contraindication;
import care.contracts.intake.Contraindication.Severity;
import care.intake.eligibility.EligibilityRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an {@link EligibilityRules} rule set from the JSON a medical director edits (see
 * {@code eligibility/rules-1.0.json}). The format is strict on purpose: an unknown field, an unknown or
 * repeated code, or a missing value is an {@link IllegalArgumentException} naming the problem, because a
 * silently ignored typo in a clinical rule set would change who can be approved.
 */
public final class EligibilityRulesFile {

    /** Class-path location of the default at-home program rule set. */
    public static final String DEFAULT_RESOURCE = "/eligibility/rules-1.0.json";

    private static final Set<String> KNOWN_FIELDS = Set.of("version", "description", "sources",
            "minimumAgeYears", "gad7InclusionAtLeast", "phq9InclusionAtLeast", "systolicAbove", "diastolicAbove",
            "minPlannedSessions", "maxPlannedSessions", "absolute", "relative");

    // A repeated key (say, two "absolute" arrays) would otherwise let the last one silently win.
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private EligibilityRulesFile() {
    }

    /**
     * Reads a rule set. The caller owns and closes the stream.
     *
     * @throws IllegalArgumentException if the JSON is malformed or the rule set is incomplete or invalid
     */
    public static EligibilityRules read(InputStream json) {
        if (json == null) {
            throw new IllegalArgumentException("eligibility rules input is required");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("eligibility rules are not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("eligibility rules must be a JSON object");
        }
        for (String field : root.propertyNames()) {
            check(KNOWN_FIELDS.contains(field), "eligibility rules have an unknown field '" + field + "'");
        }
        Map<Contraindication, Severity> severities = new EnumMap<>(Contraindication.class);
        readCodes(root, "absolute", Severity.ABSOLUTE, severities);
        readCodes(root, "relative", Severity.RELATIVE, severities);
        return new EligibilityRules(text(root, "version"), integer(root, "minimumAgeYears"),
                integer(root, "gad7InclusionAtLeast"), integer(root, "phq9InclusionAtLeast"),
                integer(root, "systolicAbove"), integer(root, "diastolicAbove"),
                integer(root, "minPlannedSessions"), integer(root, "maxPlannedSessions"), severities);
    }

    /** Reads the default rule set shipped with the service ({@value #DEFAULT_RESOURCE}). */
    public static EligibilityRules readDefault() {
        try (InputStream json = EligibilityRulesFile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (json == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the class path");
            }
            return read(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void readCodes(JsonNode root, String field, Severity severity,
                                  Map<Contraindication, Severity> severities) {
        JsonNode codes = root.get(field);
        check(codes != null && codes.isArray(), "eligibility rules need an array '" + field + "'");
        int index = 0;
        for (JsonNode code : codes) {
            String at = field + "[" + index++ + "]";
            check(code.isString(), at + " must be a contraindication code string");
            Contraindication parsed = parse(code.stringValue(), at);
            check(severities.put(parsed, severity) == null, at + " lists " + parsed + " a second time");
        }
    }

    private static Contraindication parse(String code, String at) {
        try {
            return Contraindication.valueOf(code);
        } catch (IllegalArgumentException e) {
            // The code comes from the rule-set file, not from a patient, so echoing it is safe and helpful.
            throw new IllegalArgumentException(at + " is an unknown contraindication code '" + code + "'", e);
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        check(node != null && node.isString(), "eligibility rules need a string '" + field + "'");
        return node.stringValue();
    }

    private static int integer(JsonNode root, String field) {
        JsonNode node = root.get(field);
        check(node != null && node.isIntegralNumber() && node.canConvertToInt(),
                "eligibility rules need an integer '" + field + "'");
        return node.intValue();
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

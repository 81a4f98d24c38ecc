package care.gateway.edge;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * What the gateway enforces at the door, besides tokens and rate limits.
 *
 * @param signedPaths paths (POST) that carry a provider's signature instead of a user token; the service verifies it
 * @param cors        browser origins allowed to call from another origin; none by default
 * @param limits      the largest request and response bodies that pass the gateway
 */
@ConfigurationProperties("care.gateway")
public record EdgeProperties(List<String> signedPaths, Cors cors, Limits limits) {

    public EdgeProperties {
        signedPaths = signedPaths == null ? List.of() : signedPaths.stream().map(String::strip)
                .filter(path -> !path.isEmpty()).toList();
        cors = cors == null ? new Cors(List.of()) : cors;
        limits = limits == null ? new Limits(null, null) : limits;
    }

    /** @param allowedOrigins exact origins ({@code https://app.clinic.example}); no wildcards */
    public record Cors(List<String> allowedOrigins) {

        public Cors {
            allowedOrigins = allowedOrigins == null ? List.of() : allowedOrigins.stream().map(String::strip)
                    .filter(origin -> !origin.isEmpty()).toList();
            for (String origin : allowedOrigins) {
                if (origin.contains("*") || !origin.matches("https?://[^/\\s]+")) {
                    throw new IllegalArgumentException("care.gateway.cors.allowed-origins: '" + origin
                            + "' is not an origin (scheme://host[:port], no path, no wildcard)");
                }
            }
        }
    }

    public record Limits(DataSize requestBody, DataSize responseBody) {

        public Limits {
            requestBody = requestBody == null ? DataSize.ofMegabytes(1) : requestBody;
            responseBody = responseBody == null ? DataSize.ofMegabytes(10) : responseBody;
        }
    }
}

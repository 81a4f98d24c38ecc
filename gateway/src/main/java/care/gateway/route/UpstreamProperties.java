package care.gateway.route;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The services behind the gateway ({@code care.gateway.services.<name>}) and how calls to them are guarded
 * ({@code care.gateway.resilience}). The entry named {@value #WEB} is the web app: it gets every path that is not
 * the API's, the API documentation's, the development identity's or a probe's, and has no OpenAPI document.
 */
@ConfigurationProperties("care.gateway")
public record UpstreamProperties(Map<String, Service> services, Resilience resilience) {

    /** The name of the web app's entry. */
    public static final String WEB = "web";

    public UpstreamProperties {
        services = services == null ? Map.of() : new LinkedHashMap<>(services);
        resilience = resilience == null ? new Resilience(null, null, null, null, null) : resilience;
    }

    /** The services with an API (and an OpenAPI document): every entry but the web app. */
    public Map<String, Service> apiServices() {
        Map<String, Service> api = new LinkedHashMap<>(services);
        api.remove(WEB);
        return api;
    }

    /** The web app, when one is configured. */
    public Optional<Service> web() {
        return Optional.ofNullable(services.get(WEB));
    }

    /**
     * @param url     where the service listens
     * @param paths   the API paths it serves (patterns)
     * @param timeout how long its answer (status and headers) may take before the caller gets 504
     */
    public record Service(URI url, List<String> paths, Duration timeout) {

        public Service {
            if (url == null) {
                throw new IllegalArgumentException("Every care.gateway.services entry needs a url");
            }
            paths = paths == null ? List.of() : paths.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
            timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        }
    }

    /**
     * One circuit breaker per service, all with these settings.
     *
     * @param failureRateThreshold percentage of failed calls (errors, timeouts, 502/503/504) that opens it
     * @param slidingWindow        how many of the last calls count
     * @param minimumCalls         calls needed before the rate is judged
     * @param openFor              how long it stays open before letting trial calls through
     * @param retries              further attempts for safe methods when the service could not be reached
     */
    public record Resilience(Integer failureRateThreshold, Integer slidingWindow, Integer minimumCalls,
            Duration openFor, Integer retries) {

        public Resilience {
            failureRateThreshold = failureRateThreshold == null ? 50 : failureRateThreshold;
            slidingWindow = slidingWindow == null ? 20 : slidingWindow;
            minimumCalls = minimumCalls == null ? 10 : minimumCalls;
            openFor = openFor == null ? Duration.ofSeconds(15) : openFor;
            retries = retries == null ? 2 : retries;
        }
    }
}

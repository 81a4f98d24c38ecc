package care.kit.openapi;

import java.util.Arrays;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;

/**
 * The OpenAPI document every service serves at {@code /v3/api-docs} (springdoc's API-only starter: no Swagger UI in
 * the services; the gateway serves one UI over all documents): the platform's security schemes, problem responses
 * and info ({@link CareOpenApiCustomizer}), and who may call each operation ({@link AccessOperationCustomizer}).
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springdoc.core.customizers.GlobalOpenApiCustomizer")
public class OpenApiAutoConfiguration {

    static {
        // Bound from its header by the kit (see IdempotencyKeyOperationCustomizer), not a request parameter.
        org.springdoc.core.utils.SpringDocUtils.getConfig().addRequestWrapperToIgnore(care.kit.web.IdempotencyKey.class);
    }

    @Bean
    IdempotencyKeyOperationCustomizer careIdempotencyKeyOperationCustomizer() {
        return new IdempotencyKeyOperationCustomizer();
    }

    @Bean
    AccessOperationCustomizer careAccessOperationCustomizer() {
        return new AccessOperationCustomizer();
    }

    @Bean
    CareOpenApiCustomizer careOpenApiCustomizer(@Value("${spring.application.name:application}") String name,
            @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri:}") String issuer,
            @Value("${spring.security.oauth2.resourceserver.jwt.audiences:}") String[] audiences,
            @Value("${care.security.signed-paths:}") String[] signedPaths, ObjectProvider<BuildProperties> build) {
        return new CareOpenApiCustomizer(name, version(build), issuer,
                Arrays.stream(audiences).map(String::strip).filter(audience -> !audience.isEmpty()).toList(),
                Arrays.asList(signedPaths));
    }

    /**
     * The service's version: its build info when the build writes one, else the kit's Implementation-Version (the
     * platform's modules are released together, under one version).
     */
    static String version(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        if (properties != null && properties.getVersion() != null) {
            return properties.getVersion();
        }
        Package kit = OpenApiAutoConfiguration.class.getPackage();
        return kit == null || kit.getImplementationVersion() == null ? "unversioned" : kit.getImplementationVersion();
    }
}

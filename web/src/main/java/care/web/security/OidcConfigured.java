package care.web.security;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** True when {@code care.web.oidc.issuer-uri} is set to something. */
class OidcConfigured implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String issuer = context.getEnvironment().getProperty("care.web.oidc.issuer-uri");
        return issuer != null && !issuer.isBlank();
    }
}

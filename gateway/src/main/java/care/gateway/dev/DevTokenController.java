package care.gateway.dev;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Local mode only: issues RS256 bearer tokens for any identity, so the platform can be tried without
 * an identity provider, and publishes the matching public key as a JWK set for the services. Outside
 * local mode ({@code care.dev-identity.enabled} false, the default) neither endpoint exists.
 */
@RestController
@ConditionalOnBooleanProperty("care.dev-identity.enabled")
class DevTokenController {

    enum Role {
        PATIENT, CLINICIAN, COACH, COORDINATOR, ADMIN
    }

    record TokenRequest(
            @NotBlank @Size(max = 128) @Pattern(regexp = "[A-Za-z0-9._:@-]+", message = "use letters, digits and . _ : @ -") String subject,
            @NotEmpty @Size(max = 5) List<@NotNull Role> roles,
            @Pattern(regexp = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", message = "must be a UUID") String patientId) {
    }

    record TokenResponse(String access_token, String token_type, long expires_in) {
    }

    private final DevIdentityProperties properties;
    private final RSAKey key;
    private final NimbusJwtEncoder encoder;

    DevTokenController(DevIdentityProperties properties, RSAKey devSigningKey) {
        this.properties = properties;
        this.key = devSigningKey;
        this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
    }

    @PostMapping(path = "/dev/tokens", consumes = MediaType.APPLICATION_JSON_VALUE)
    TokenResponse issue(@Valid @RequestBody TokenRequest request) {
        Instant now = Instant.now();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(properties.issuer())
                .audience(List.of(properties.audience()))
                .subject(request.subject())
                .issuedAt(now)
                .notBefore(now)
                .expiresAt(now.plus(properties.tokenLifetime()))
                .id(UUID.randomUUID().toString())
                .claim("roles", request.roles().stream().distinct().map(Role::name).toList());
        if (request.patientId() != null) {
            claims.claim("patient_id", request.patientId().toLowerCase(java.util.Locale.ROOT));
        }
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).build();
        String token = encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
        return new TokenResponse(token, "Bearer", properties.tokenLifetime().toSeconds());
    }

    @GetMapping(path = "/dev/jwks", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> jwks() {
        return new JWKSet(key.toPublicJWK()).toJSONObject();
    }
}

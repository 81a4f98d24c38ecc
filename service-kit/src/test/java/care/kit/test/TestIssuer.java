package care.kit.test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.sun.net.httpserver.HttpServer;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import care.kit.security.Caller;
import care.kit.security.Role;

/**
 * A token issuer for integration tests: an RSA key, its JWK set served over real HTTP (so services
 * verify tokens exactly as in production, through {@code jwk-set-uri}), and RS256 tokens on demand.
 */
public final class TestIssuer {

    public static final String ISSUER = "https://issuer.care.test";
    public static final String AUDIENCE = "care-platform";

    private static TestIssuer shared;

    private final RSAKey key;
    private final RSAKey strangerKey;
    private final HttpServer jwks;

    private TestIssuer() {
        try {
            key = new RSAKeyGenerator(2048).keyID("test-" + UUID.randomUUID()).generate();
            strangerKey = new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
            jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        jwks.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> jwks.stop(0), "test-issuer-stop"));
    }

    /** The issuer shared by every test in this JVM. */
    public static synchronized TestIssuer get() {
        if (shared == null) {
            shared = new TestIssuer();
        }
        return shared;
    }

    public String jwkSetUri() {
        return "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks";
    }

    /** A valid token for this subject with these roles. */
    public String token(String subject, Role... roles) {
        return token(claims -> claims.subject(subject).claim(Caller.ROLES_CLAIM, names(roles)));
    }

    /** A valid token for a patient: role PATIENT and the {@code patient_id} claim. */
    public String patientToken(String subject, String patientId) {
        return token(claims -> claims.subject(subject)
                .claim(Caller.ROLES_CLAIM, List.of(Role.PATIENT.name()))
                .claim(Caller.PATIENT_ID_CLAIM, patientId));
    }

    /** A token with valid defaults (issuer, audience, one hour of life) changed by the customizer. */
    public String token(Consumer<JwtClaimsSet.Builder> customizer) {
        return sign(key, customizer);
    }

    /** A well-formed token signed by a key the services do not trust, with the trusted key's id. */
    public String tokenSignedByStranger(String subject, Role... roles) {
        return sign(strangerKey, claims -> claims.subject(subject).claim(Caller.ROLES_CLAIM, names(roles)));
    }

    /** A token signed by the trusted key, valid in every other way, that carries no {@code exp} claim. */
    public String tokenWithoutExpiry(String subject, Role... roles) {
        return token(claims -> claims.subject(subject).claim(Caller.ROLES_CLAIM, names(roles))
                .claims(all -> all.remove(JwtClaimNames.EXP)));
    }

    /**
     * An unsigned token ({@code "alg":"none"}) whose claims are otherwise valid: header and claims
     * base64url-encoded, an empty signature.
     */
    public String unsignedToken(String subject, Role... roles) {
        long now = Instant.now().getEpochSecond();
        String claims = "{\"iss\":\"" + ISSUER + "\",\"aud\":[\"" + AUDIENCE + "\"],\"sub\":\"" + subject
                + "\",\"" + Caller.ROLES_CLAIM + "\":[" + String.join(",", names(roles).stream()
                        .map(role -> "\"" + role + "\"").toList())
                + "],\"iat\":" + now + ",\"exp\":" + (now + 3600) + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static String sign(RSAKey signingKey, Consumer<JwtClaimsSet.Builder> customizer) {
        Instant now = Instant.now();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .audience(List.of(AUDIENCE))
                .issuedAt(now)
                .expiresAt(now.plus(Duration.ofHours(1)))
                .id(UUID.randomUUID().toString());
        customizer.accept(claims);
        NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(signingKey)));
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(signingKey.getKeyID()).build();
        return encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
    }

    private static List<String> names(Role... roles) {
        return Arrays.stream(roles).map(Role::name).toList();
    }
}

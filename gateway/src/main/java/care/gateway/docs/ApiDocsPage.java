package care.gateway.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.stream.Collectors;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import care.gateway.route.UpstreamProperties;

/**
 * One Swagger UI for the whole API at {@code /api-docs}, listing every service's OpenAPI document
 * ({@code /v3/api-docs/<name>}, routed to the service). The UI comes from the swagger-ui WebJar in this jar: no
 * CDN, and no inline script, so the page's content security policy allows scripts from this origin only.
 */
@RestController
class ApiDocsPage {

    private final String version;
    private final String urls;

    ApiDocsPage(UpstreamProperties upstreams) {
        this.version = swaggerUiVersion();
        this.urls = upstreams.apiServices().keySet().stream()
                .map(name -> "{\"name\":\"" + name + "\",\"url\":\"/v3/api-docs/" + name + "\"}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    @GetMapping(path = { "/api-docs", "/api-docs/" }, produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page() {
        String base = "/webjars/swagger-ui/" + version + "/";
        String html = """
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>Care pathway platform API</title>
                  <link rel="stylesheet" href="%sswagger-ui.css">
                </head>
                <body>
                  <div id="swagger-ui"></div>
                  <script src="%sswagger-ui-bundle.js"></script>
                  <script src="%sswagger-ui-standalone-preset.js"></script>
                  <script src="/api-docs/init.js"></script>
                </body>
                </html>
                """.formatted(base, base, base);
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).contentType(MediaType.TEXT_HTML).body(html);
    }

    @GetMapping(path = "/api-docs/init.js", produces = "text/javascript")
    ResponseEntity<String> init() {
        String script = """
                window.ui = SwaggerUIBundle({
                  urls: %s,
                  dom_id: '#swagger-ui',
                  deepLinking: true,
                  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                  layout: 'StandaloneLayout'
                });
                """.formatted(urls);
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).contentType(MediaType.valueOf("text/javascript"))
                .body(script);
    }

    private static String swaggerUiVersion() {
        try (InputStream in = ApiDocsPage.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("The swagger-ui WebJar is missing from the gateway");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

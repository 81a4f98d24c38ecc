package care.web.security;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import care.web.WebProperties;
import care.web.gateway.ApiProblem;
import care.web.gateway.GatewayClient;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The sign-in page: with OpenID Connect a button to the identity provider; in local mode a "Sign in as" form that
 * gets a development token for a role (and a patient) from the gateway's {@code /dev/tokens}, keeps it in the
 * session and signs the user in with the token's roles.
 */
@Controller
class SignInController {

    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    private static final Pattern UUID_FORMAT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final WebProperties properties;
    private final GatewayClient gateway;
    private final SecurityContextRepository contexts;

    SignInController(WebProperties properties, GatewayClient gateway, SecurityContextRepository contexts) {
        this.properties = properties;
        this.gateway = gateway;
        this.contexts = contexts;
    }

    /** The local-mode form as it was filled in, and what was wrong with it. */
    record SignInForm(String role, String subject, String patientId) {
    }

    @GetMapping("/sign-in")
    String page(Model model) {
        if (properties.localSignIn()) {
            model.addAttribute("form", new SignInForm(CareUser.Role.PATIENT.name(), "dev-patient-"
                    + UUID.randomUUID().toString().substring(0, 8), UUID.randomUUID().toString()));
        }
        return page(model, null);
    }

    @PostMapping("/sign-in")
    String signIn(@RequestParam(defaultValue = "") String role, @RequestParam(defaultValue = "") String subject,
            @RequestParam(defaultValue = "") String patientId, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        if (!properties.localSignIn()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        SignInForm form = new SignInForm(role.strip(), subject.strip(), patientId.strip().toLowerCase(Locale.ROOT));
        model.addAttribute("form", form);
        CareUser.Role chosen = Arrays.stream(CareUser.Role.values()).filter(r -> r.name().equals(form.role()))
                .findFirst().orElse(null);
        List<ApiProblem.FieldMessage> errors = new java.util.ArrayList<>();
        if (chosen == null) {
            errors.add(new ApiProblem.FieldMessage("role", "Choose a role."));
        }
        if (!SUBJECT.matcher(form.subject()).matches()) {
            errors.add(new ApiProblem.FieldMessage("subject", "Use 1 to 128 letters, digits and . _ : @ -"));
        }
        boolean patient = chosen == CareUser.Role.PATIENT;
        if (patient && !UUID_FORMAT.matcher(form.patientId()).matches()) {
            errors.add(new ApiProblem.FieldMessage("patientId", "A patient id is a UUID, such as the one suggested."));
        }
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return page(model, new ApiProblem(400, null, null, "Check the highlighted fields.", errors));
        }
        String token;
        try {
            token = gateway.developmentToken(form.subject(), List.of(chosen.name()), patient ? form.patientId() : null);
        } catch (ApiProblem problem) {
            response.setStatus(problem.status() >= 500 ? HttpStatus.BAD_GATEWAY.value() : HttpStatus.BAD_REQUEST.value());
            return page(model, problem);
        }
        CareUser user = CareUser.fromToken(token, form.subject());
        // A new session id at sign-in (no session fixation); the token stays on the server.
        HttpSession session = request.getSession(true);
        request.changeSessionId();
        // And a new CSRF token: the next page makes one.
        new HttpSessionCsrfTokenRepository().saveToken(null, request, response);
        AccessTokens.store(session, token);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user.subject(), null,
                user.authorities()));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        return "redirect:/";
    }

    private String page(Model model, ApiProblem problem) {
        model.addAttribute("localSignIn", properties.localSignIn());
        model.addAttribute("oidc", properties.oidc().configured());
        model.addAttribute("oidcStart", "/oauth2/authorization/" + WebSecurity.REGISTRATION_ID);
        model.addAttribute("roles", CareUser.Role.values());
        model.addAttribute("problem", problem);
        return "sign-in";
    }
}

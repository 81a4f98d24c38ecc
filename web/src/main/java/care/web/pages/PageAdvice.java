package care.web.pages;

import care.web.WebProperties;
import care.web.gateway.ApiProblem;
import care.web.security.AccessTokens;
import care.web.security.CareUser;
import care.web.security.SignInRequired;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every page needs (the clinic's name, the signed-in user, the CSRF header for htmx) and what a page shows
 * when the API says no: a plain message, never the problem's JSON. An expired or refused token ends the session
 * and sends the user to sign in.
 */
@ControllerAdvice
class PageAdvice {

    private static final Logger LOG = LoggerFactory.getLogger(PageAdvice.class);

    private final WebProperties properties;
    private final AccessTokens tokens;

    PageAdvice(WebProperties properties, AccessTokens tokens) {
        this.properties = properties;
        this.tokens = tokens;
    }

    @ModelAttribute("clinicName")
    String clinicName() {
        return properties.clinicName();
    }

    @ModelAttribute("user")
    CareUser user() {
        return tokens.currentUser();
    }

    /** {@code hx-headers} of every page's body: htmx sends the CSRF token with each request it makes. */
    @ModelAttribute("csrfHeaders")
    String csrfHeaders(HttpServletRequest request) {
        if (!(request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token)) {
            return null;
        }
        return "{\"" + token.getHeaderName() + "\":\"" + token.getToken() + "\"}";
    }

    @ExceptionHandler(SignInRequired.class)
    ModelAndView signInAgain(HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        if (request.getHeader("HX-Request") != null) {
            // htmx loads the sign-in page in full.
            response.setHeader("HX-Redirect", request.getContextPath() + "/sign-in?expired");
            response.setStatus(HttpStatus.NO_CONTENT.value());
            return new ModelAndView((model, req, res) -> {
            });
        }
        return new ModelAndView("redirect:/sign-in?expired");
    }

    @ExceptionHandler(ApiProblem.class)
    String problem(ApiProblem problem, Model model, HttpServletResponse response) {
        LOG.info("the API answered {} ({})", problem.status(), problem.type());
        response.setStatus(problem.status() >= 400 && problem.status() < 600 ? problem.status() : 502);
        model.addAttribute("problem", problem);
        return "problem";
    }

    @ExceptionHandler(ResourceAccessException.class)
    String unreachable(ResourceAccessException failure, Model model, HttpServletResponse response) {
        LOG.warn("the gateway could not be reached: {}", failure.getClass().getSimpleName());
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        model.addAttribute("problem", new ApiProblem(503, null, null,
                "The clinic's services cannot be reached right now. Please try again in a moment.",
                java.util.List.of()));
        return "problem";
    }
}

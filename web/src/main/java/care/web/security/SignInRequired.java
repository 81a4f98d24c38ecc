package care.web.security;

/** The user must sign in (again): no session, no token, or the gateway refused the token (401). */
public class SignInRequired extends RuntimeException {

    public SignInRequired() {
        super("Sign-in required", null, false, false);
    }
}

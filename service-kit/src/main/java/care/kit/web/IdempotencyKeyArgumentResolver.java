package care.kit.web;

import java.util.List;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import care.kit.problem.FieldError;
import care.kit.problem.ProblemException;

/** Binds the {@code Idempotency-Key} header to an {@link IdempotencyKey} parameter, or refuses it with a 400. */
class IdempotencyKeyArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == IdempotencyKey.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
            WebDataBinderFactory binders) {
        String value = request.getHeader(IdempotencyKey.HEADER);
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.length() > IdempotencyKey.MAX_LENGTH) {
            throw ProblemException.invalid(List.of(new FieldError(IdempotencyKey.HEADER,
                    "must be 1 to " + IdempotencyKey.MAX_LENGTH + " characters")));
        }
        return new IdempotencyKey(value);
    }
}

package care.kit.openapi;

import java.util.Arrays;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.web.method.HandlerMethod;

import care.kit.web.IdempotencyKey;

/** Documents the {@code Idempotency-Key} header on every operation whose handler takes an {@link IdempotencyKey}. */
class IdempotencyKeyOperationCustomizer implements GlobalOperationCustomizer {

    @Override
    public Operation customize(Operation operation, HandlerMethod handlerMethod) {
        boolean takesKey = Arrays.stream(handlerMethod.getMethodParameters())
                .anyMatch(parameter -> parameter.getParameterType() == IdempotencyKey.class);
        if (takesKey) {
            operation.addParametersItem(new HeaderParameter().name(IdempotencyKey.HEADER).required(false)
                    .description("Names this attempt at the change: a retry with the same key changes nothing more "
                            + "and answers as the first did.")
                    .schema(new StringSchema().minLength(1).maxLength(IdempotencyKey.MAX_LENGTH)));
        }
        return operation;
    }
}

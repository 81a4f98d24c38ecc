package care.kit.test;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Skips integration tests, rather than failing them, when the chosen infrastructure cannot run here. */
public class InfrastructureCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String reason = TestInfrastructure.unavailableReason();
        return reason == null
                ? ConditionEvaluationResult.enabled("test infrastructure: " + TestInfrastructure.mode())
                : ConditionEvaluationResult.disabled(reason);
    }
}

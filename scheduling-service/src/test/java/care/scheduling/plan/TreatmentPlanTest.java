package care.scheduling.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import care.contracts.intake.EligibilityApproved;
import care.contracts.scheduling.TreatmentPlanCompleted;
import care.contracts.scheduling.TreatmentPlanCreated;
import care.contracts.scheduling.TreatmentPlanPaused;
import care.contracts.scheduling.TreatmentPlanResumed;
import care.kit.domain.Refusal;

/** The plan's rules: its planned sessions, the no-shows that hold it, who resumes it. */
class TreatmentPlanTest {

    static final Instant NOW = Instant.parse("2030-01-07T06:00:00Z");
    static final UUID CLINICIAN = UUID.randomUUID();

    static TreatmentPlan plan(int plannedSessions, String... openEscalations) {
        TreatmentPlan plan = new TreatmentPlan(UUID.randomUUID().toString());
        plan.start(approved(plannedSessions), List.of(openEscalations), NOW);
        return plan;
    }

    static EligibilityApproved approved(int plannedSessions) {
        return new EligibilityApproved(UUID.randomUUID(), UUID.randomUUID(), NOW, UUID.randomUUID(), CLINICIAN,
                UUID.randomUUID(), plannedSessions, "1.0", List.of());
    }

    static TreatmentPlan.Resumer responsible(String rationale) {
        return new TreatmentPlan.Resumer(CLINICIAN.toString(), true, "RESPONSIBLE_CLINICIAN", rationale);
    }

    @Test
    void thePlanCompletesWithItsLastPlannedSessionAndNotBefore() {
        TreatmentPlan plan = plan(4);
        for (int session = 1; session < 4; session++) {
            assertThat(plan.fulfil(session, NOW)).isEmpty();
        }
        assertThat(plan.status()).isEqualTo(TreatmentPlan.Status.ACTIVE);

        assertThat(plan.fulfil(4, NOW)).singleElement().isInstanceOfSatisfying(TreatmentPlanCompleted.class,
                completed -> assertThat(completed.closure()).isEqualTo(TreatmentPlanCompleted.Closure.ALL_SESSIONS_COMPLETED));
        assertThat(plan.status()).isEqualTo(TreatmentPlan.Status.COMPLETED);
        assertThat(plan.counted(4)).isTrue();
    }

    @Test
    void theSecondNoShowSinceTheLastResumptionHoldsThePlan() {
        TreatmentPlan plan = plan(6);
        assertThat(TreatmentPlan.PAUSE_AFTER_MISSED).isEqualTo(2);
        assertThat(plan.recordMissed(NOW)).isEmpty();
        assertThat(plan.status()).isEqualTo(TreatmentPlan.Status.ACTIVE);

        assertThat(plan.recordMissed(NOW)).singleElement().isInstanceOfSatisfying(TreatmentPlanPaused.class,
                paused -> assertThat(paused.reason()).isEqualTo(TreatmentPlanPaused.Reason.MISSED_APPOINTMENTS));
        assertThat(plan.status()).isEqualTo(TreatmentPlan.Status.PAUSED);

        // An emergency access may resume a plan held only for missed appointments; the count starts again.
        plan.resume(new TreatmentPlan.Resumer(UUID.randomUUID().toString(), false, "EMERGENCY", null), false, NOW);
        assertThat(plan.recordMissed(NOW)).isEmpty();
        assertThat(plan.status()).isEqualTo(TreatmentPlan.Status.ACTIVE);
    }

    @Test
    void anOpenEscalationHoldsANewPlanFromTheStart() {
        TreatmentPlan plan = new TreatmentPlan(UUID.randomUUID().toString());
        assertThat(plan.start(approved(6), List.of("escalation"), NOW))
                .hasExactlyElementsOfTypes(TreatmentPlanCreated.class, TreatmentPlanPaused.class);
        assertThat(plan.heldFor(TreatmentPlanPaused.Reason.SAFETY_ESCALATION)).isTrue();
    }

    @Test
    void resumingFollowsTheHoldsRules() {
        assertThatThrownBy(() -> plan(6).resume(responsible("why"), false, NOW)).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.type()).isEqualTo("plan-not-paused"));

        TreatmentPlan escalated = plan(6, "escalation");
        assertThatThrownBy(() -> escalated.resume(responsible("why"), true, NOW)).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.type()).isEqualTo("safety-escalation-open"));
        assertThatThrownBy(() -> escalated.resume(new TreatmentPlan.Resumer(UUID.randomUUID().toString(), false,
                "EMERGENCY", "why"), false, NOW)).isInstanceOfSatisfying(Refusal.class, refusal -> {
                    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.FORBIDDEN);
                    assertThat(refusal.type()).isEqualTo("responsible-clinician-required");
                });

        TreatmentPlan adverse = plan(6);
        adverse.hold(TreatmentPlanPaused.Reason.SEVERE_ADVERSE_EVENT, List.of(), NOW);
        assertThatThrownBy(() -> adverse.resume(responsible("  "), false, NOW))
                .isInstanceOf(TreatmentPlan.RationaleRequired.class);
        assertThat(adverse.resume(responsible("reviewed"), false, NOW)).singleElement()
                .isInstanceOf(TreatmentPlanResumed.class);
        assertThat(adverse.status()).isEqualTo(TreatmentPlan.Status.ACTIVE);
    }

    @Test
    void aPlansIdDerivesFromItsConsultationAsStored() {
        UUID consultation = UUID.randomUUID();
        assertThat(PlanService.planId(consultation)).isEqualTo(UUID.nameUUIDFromBytes(
                ("plan:" + consultation).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
    }

    @Test
    void aCompletedPlanIsNeitherHeldNorClosedAgain() {
        TreatmentPlan plan = plan(4);
        for (int session = 1; session <= 4; session++) {
            plan.fulfil(session, NOW);
        }
        assertThat(plan.hold(TreatmentPlanPaused.Reason.SEVERE_ADVERSE_EVENT, List.of(), NOW)).isEmpty();
        assertThat(plan.closeByClinician(CLINICIAN, NOW)).isEmpty();
        assertThat(plan.endedEarly()).isFalse();
    }
}

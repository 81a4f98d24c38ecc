package care.kit.test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

import care.contracts.intake.StaffMemberChanged.StaffRole;
import care.kit.security.Role;
import care.kit.test.AccessMatrix.Caller;

/**
 * The cast of an authorization matrix outside intake: every kind of {@link Caller} with a subject and a token. The
 * staff are registered (clinicians in US-CA), and the patient's care team is published with the responsible and
 * supervising clinicians, the coach, an emergency access and one that has ended, as intake would publish it.
 * The booked provider and the staff not on the team are registered but left off the team.
 */
public final class MatrixCallers {

    private final Map<Caller, String> subjects = new EnumMap<>(Caller.class);
    private final Map<Caller, String> tokens = new EnumMap<>(Caller.class);

    private MatrixCallers() {
    }

    /**
     * @param now            the service's time (its clock, movable in some tests): the ended emergency access ended
     *                       a minute before it
     * @param emergencyUntil when the active emergency access ends
     * @param bookedRole     what the booked provider is registered as (a clinician for sessions, a coach for coaching)
     */
    public static MatrixCallers forPatient(AccessFixture access, String patientId, Instant now, Instant emergencyUntil,
            StaffRole bookedRole) {
        MatrixCallers callers = new MatrixCallers();
        Map<Caller, String> subjects = callers.subjects;
        subjects.put(Caller.OWN_PATIENT, "user-" + patientId);
        subjects.put(Caller.OTHER_PATIENT, "user-" + UUID.randomUUID());
        subjects.put(Caller.RESPONSIBLE_CLINICIAN, access.clinician());
        subjects.put(Caller.SUPERVISING_CLINICIAN, access.clinician());
        subjects.put(Caller.COACH, access.coach());
        subjects.put(Caller.BOOKED_PROVIDER, bookedRole == StaffRole.COACH ? access.coach() : access.clinician());
        subjects.put(Caller.REGISTERED_CLINICIAN_NOT_ON_TEAM, access.clinician());
        subjects.put(Caller.REGISTERED_COACH_NOT_ON_TEAM, access.coach());
        subjects.put(Caller.UNREGISTERED_CLINICIAN, access.unregistered());
        subjects.put(Caller.UNREGISTERED_COACH, access.unregistered());
        subjects.put(Caller.COORDINATOR, "coord-" + patientId);
        subjects.put(Caller.EMERGENCY_ACCESS, access.clinician());
        subjects.put(Caller.EXPIRED_EMERGENCY_ACCESS, access.clinician());
        subjects.put(Caller.ADMIN, "admin-" + patientId);
        access.team(patientId).responsible(subjects.get(Caller.RESPONSIBLE_CLINICIAN))
                .supervising(subjects.get(Caller.SUPERVISING_CLINICIAN)).coach(subjects.get(Caller.COACH))
                .emergency(subjects.get(Caller.EXPIRED_EMERGENCY_ACCESS), now.minus(Duration.ofMinutes(1)))
                .emergency(subjects.get(Caller.EMERGENCY_ACCESS), emergencyUntil).publish();

        TestIssuer issuer = TestIssuer.get();
        Map<Caller, String> tokens = callers.tokens;
        tokens.put(Caller.NO_TOKEN, null);
        tokens.put(Caller.OWN_PATIENT, issuer.patientToken(subjects.get(Caller.OWN_PATIENT), patientId));
        tokens.put(Caller.OTHER_PATIENT, issuer.patientToken(subjects.get(Caller.OTHER_PATIENT),
                UUID.randomUUID().toString()));
        for (Caller caller : new Caller[] { Caller.RESPONSIBLE_CLINICIAN, Caller.SUPERVISING_CLINICIAN,
                Caller.REGISTERED_CLINICIAN_NOT_ON_TEAM, Caller.UNREGISTERED_CLINICIAN, Caller.EMERGENCY_ACCESS,
                Caller.EXPIRED_EMERGENCY_ACCESS }) {
            tokens.put(caller, issuer.token(subjects.get(caller), Role.CLINICIAN));
        }
        for (Caller caller : new Caller[] { Caller.COACH, Caller.REGISTERED_COACH_NOT_ON_TEAM,
                Caller.UNREGISTERED_COACH }) {
            tokens.put(caller, issuer.token(subjects.get(caller), Role.COACH));
        }
        tokens.put(Caller.BOOKED_PROVIDER, issuer.token(subjects.get(Caller.BOOKED_PROVIDER),
                bookedRole == StaffRole.COACH ? Role.COACH : Role.CLINICIAN));
        tokens.put(Caller.COORDINATOR, issuer.token(subjects.get(Caller.COORDINATOR), Role.COORDINATOR));
        tokens.put(Caller.ADMIN, issuer.token(subjects.get(Caller.ADMIN), Role.ADMIN));
        return callers;
    }

    public String subject(Caller caller) {
        return subjects.get(caller);
    }

    public String token(Caller caller) {
        return tokens.get(caller);
    }

    /** The subject of every caller, for {@link AccessMatrix}. */
    public Map<Caller, String> subjects() {
        return Map.copyOf(subjects);
    }

    /** The token of every caller ({@link Caller#NO_TOKEN}: none), for {@link AccessMatrix}. */
    public Map<Caller, String> tokens() {
        return java.util.Collections.unmodifiableMap(tokens);
    }
}

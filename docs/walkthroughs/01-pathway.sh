#!/usr/bin/env bash
# From registration to the end of the program, through the gateway: a clinician and a patient registered, the
# patient screened, consenting and approved; four dosing sessions booked within the pacing rules and supervised;
# integration coaching, journaling and outcome measures to the completed program; last, who saw the patient's data.
#
# Run it against a platform started with the demo settings of README.md beside this file (short sessions, coaching
# within hours):
#   bash docs/walkthroughs/01-pathway.sh
#
# Environment (defaults in brackets):
#   CARE_GATEWAY_URL   the gateway [http://localhost:8080]
#   WAIT_SECONDS       how long each "retry until ..." waits at most [120]
#   MONITORING_WAIT_SECONDS  how long the session steps wait for a missed check or for discharge [300]
#   CHECK_IN_EVERY     seconds between the monitor's check-ins in sessions 2 to 4 [58]
#   CHECK_INS          check-ins per session in sessions 2 to 4 [2]
#   COACHING_WAIT_SECONDS    how long to wait at most for the last coaching to start [1800]
#   STAFF_TIME_ZONE    the time zone of the coach's around-the-clock availability [Etc/UTC]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MONITORING_WAIT_SECONDS=${MONITORING_WAIT_SECONDS:-300}
CHECK_IN_EVERY=${CHECK_IN_EVERY:-58}
CHECK_INS=${CHECK_INS:-2}
COACHING_WAIT_SECONDS=${COACHING_WAIT_SECONDS:-1800}
STAFF_TIME_ZONE=${STAFF_TIME_ZONE:-Etc/UTC}

API=$GATEWAY/api/intake
SCHED=$GATEWAY/api/scheduling
SESS=$GATEWAY/api/sessions

PATIENT_ID=$(uuid)
CLINICIAN_ID=$(uuid)
ADMIN=$(token '{"subject":"admin-1","roles":["ADMIN"]}')
PATIENT=$(token "{\"subject\":\"user-$PATIENT_ID\",\"roles\":[\"PATIENT\"],\"patientId\":\"$PATIENT_ID\"}")
CLINICIAN=$(token "{\"subject\":\"$CLINICIAN_ID\",\"roles\":[\"CLINICIAN\"]}")
echo "Patient $PATIENT_ID, clinician $CLINICIAN_ID, gateway $GATEWAY"

# ---- Intake: registration, screening, consent, consultation, approval --------------------------------------

step "An administrator registers the clinician and their licences"
call 200 PUT "$API/clinicians/$CLINICIAN_ID" "$ADMIN" '{"displayName":"Dr Rivera","licensedJurisdictions":["US-CA"]}'

step "The patient registers, consents to treatment and answers the screening"
call 201 POST "$API/patients" "$PATIENT" '{"givenName":"Sam","familyName":"Lee","dateOfBirth":"1990-04-12",
  "email":"sam@example.org","phone":"+14155550123","jurisdiction":"US-CA","timeZone":"America/Los_Angeles"}'
call 201 POST "$API/patients/$PATIENT_ID/consents" "$PATIENT" '{"type":"TREATMENT","granted":true}'
call 201 POST "$API/patients/$PATIENT_ID/screenings" "$PATIENT" \
  '{"gad7":[2,2,2,2,2,1,1],"phq9":[1,1,2,1,1,1,0,1,0],"conditions":[],"bloodPressure":{"systolic":124,"diastolic":82}}'

step "The patient asks for a consultation; the clinician finds it on the worklist and decides"
call 201 POST "$API/patients/$PATIENT_ID/consultations" "$PATIENT"
CONSULTATION_ID=$(field consultationId)
call 200 GET "$API/consultations?status=REQUESTED" "$CLINICIAN"
call 200 POST "$API/consultations/$CONSULTATION_ID/decision" "$CLINICIAN" '{"outcome":"APPROVED","plannedSessions":4}'

step "The clinician who approved is the patient's responsible clinician, the first member of the care team"
call 200 GET "$API/patients/$PATIENT_ID/care-team" "$PATIENT"
grep -q "\"staffId\":\"$CLINICIAN_ID\",\"role\":\"RESPONSIBLE_CLINICIAN\"" <<<"$BODY" \
  || fail "the approving clinician is not the responsible clinician: $BODY"

# ---- Scheduling: the plan, a supervising clinician, availability, the first booking --------------------------

COORDINATOR=$(token '{"subject":"coord-1","roles":["COORDINATOR"]}')

step "The plan arrives through Kafka: retry until scheduling has it"
await 200 '"planId"' GET "$SCHED/patients/$PATIENT_ID/plan" "$PATIENT"

step "An administrator registers a second clinician, who supervises the dosing sessions; a coordinator adds them to the care team"
PROVIDER_ID=$(uuid)
PROVIDER=$(token "{\"subject\":\"$PROVIDER_ID\",\"roles\":[\"CLINICIAN\"]}")
call 200 PUT "$API/clinicians/$PROVIDER_ID" "$ADMIN" '{"displayName":"Dr Okafor","licensedJurisdictions":["US-CA"]}'
call 200 PUT "$API/patients/$PATIENT_ID/care-team/$PROVIDER_ID" "$COORDINATOR" '{"role":"SUPERVISING_CLINICIAN"}'

step "Scheduling learns the registration through Kafka: retry until it takes the clinician's availability"
await 200 '"timeZone"' PUT "$SCHED/providers/$PROVIDER_ID/availability" "$PROVIDER" \
  "{\"timeZone\":\"America/Los_Angeles\",\"weekly\":[$(every_day 08:00 20:00)],\"appointmentTypes\":[\"DOSING_SESSION\"]}"

step "The patient picks a free slot two to four days ahead and books the first dosing session"
FROM=$(date -u -d '+2 days' +%Y-%m-%dT00:00:00Z)
TO=$(date -u -d '+4 days' +%Y-%m-%dT00:00:00Z)
call 200 GET "$SCHED/slots?type=DOSING_SESSION&providerId=$PROVIDER_ID&from=$FROM&to=$TO" "$PATIENT"
SLOT=$(field start)
call 201 POST "$SCHED/appointments" "$PATIENT" \
  "{\"patientId\":\"$PATIENT_ID\",\"type\":\"DOSING_SESSION\",\"providerId\":\"$PROVIDER_ID\",\"start\":\"$SLOT\",\"sessionNumber\":1}" \
  -H "Idempotency-Key: first-session-$PATIENT_ID"
call 200 GET "$SCHED/patients/$PATIENT_ID/plan" "$PATIENT"
grep -q '"SCHEDULED"' <<<"$BODY" || fail "session 1 is not SCHEDULED: $BODY"

# ---- Session 1: preparation, start, a rise at the peak, a missed check, discharge ----------------------------

step "The session service created the session from the booking: retry until it is there"
await 200 '"sessionId"' GET "$SESS/patients/$PATIENT_ID" "$PATIENT"
SESSION_ID=$(field sessionId)

step "The patient prepares: intention, fasting, a sober adult monitor, no driving, a safe place"
call 200 PUT "$SESS/$SESSION_ID/preparation" "$PATIENT" '{"intention":"Meet the worry with curiosity",
  "fastingConfirmed":true,"monitor":{"name":"Alex Kim","phone":"+14155550188"},"noDriving":true,"safeEnvironment":true}'

step "A pre-dose reading (the patient's home cuff), then the supervising clinician starts the session"
call 200 POST "$SESS/$SESSION_ID/vitals" "$PATIENT" '{"phase":"PRE_DOSE","systolic":128,"diastolic":82,"heartRate":76}'
call 200 POST "$SESS/$SESSION_ID/start" "$PROVIDER"
grep -q '"status":"IN_PROGRESS"' <<<"$BODY" || fail "the session did not start: $BODY"

step "The monitor checks in; the peak reading rose by 40 mmHg systolic, which records an adverse event"
call 200 POST "$SESS/$SESSION_ID/monitor-checks" "$PATIENT" '{"status":"OK"}'
call 200 POST "$SESS/$SESSION_ID/vitals" "$PROVIDER" '{"phase":"PEAK","systolic":168,"diastolic":88,"heartRate":90}'
grep -q 'BLOOD_PRESSURE_RISE' <<<"$BODY" || fail "no adverse event for the rise: $BODY"

step "Nobody checks in for the next check: retry until the session shows it MISSED (MonitorCheckMissed goes to the clinician)"
WAIT_SECONDS=$MONITORING_WAIT_SECONDS await 200 '"MISSED"' GET "$SESS/$SESSION_ID" "$PROVIDER"
grep -o '"monitorChecks":[^]]*]' <<<"$BODY" || true

step "Too early to discharge (422 monitoring-time-not-reached, and no discharge reading yet)"
call 422 POST "$SESS/$SESSION_ID/complete" "$PROVIDER"

step "A stable discharge reading; retry the discharge until the minimum monitoring time has passed"
call 200 POST "$SESS/$SESSION_ID/vitals" "$PROVIDER" '{"phase":"DISCHARGE","systolic":130,"diastolic":84,"heartRate":72}'
WAIT_SECONDS=$MONITORING_WAIT_SECONDS await 200 '"status":"COMPLETED"' POST "$SESS/$SESSION_ID/complete" "$PROVIDER"

step "The patient reflects; scheduling fulfils session 1"
call 200 POST "$SESS/$SESSION_ID/reflection" "$PATIENT" '{"text":"The worry felt like weather passing through","mood":7}'
await 200 '"FULFILLED"' GET "$SCHED/patients/$PATIENT_ID/plan" "$PATIENT"

# ---- Integration: a coach, coaching booked automatically, journaling, the library ----------------------------

INTEG=$GATEWAY/api/integration/patients/$PATIENT_ID
COACH_ID=$(uuid)
COACH=$(token "{\"subject\":\"$COACH_ID\",\"roles\":[\"COACH\"]}")

step "Session 1 ended before the patient had a coach: an administrator registers one, who publishes availability"
call 200 PUT "$API/coaches/$COACH_ID" "$ADMIN" '{"displayName":"Jordan Park"}'
await 200 '"timeZone"' PUT "$SCHED/providers/$COACH_ID/availability" "$COACH" \
  "{\"timeZone\":\"$STAFF_TIME_ZONE\",\"weekly\":[$(every_day 00:00 23:55)],\"appointmentTypes\":[\"INTEGRATION_COACHING\"]}"

step "The coordinator adds the coach to the care team, which books the coaching of session 1"
call 200 PUT "$API/patients/$PATIENT_ID/care-team/$COACH_ID" "$COORDINATOR" '{"role":"COACH"}'
call 200 GET "$API/patients/$PATIENT_ID/care-team" "$COORDINATOR"
COACHING_RANGE="from=$(date -u +%Y-%m-%dT00:00:00Z)&to=$(date -u -d '+2 days' +%Y-%m-%dT00:00:00Z)"
await 200 '"INTEGRATION_COACHING","sessionNumber":1,' GET "$SCHED/appointments?patientId=$PATIENT_ID&$COACHING_RANGE" "$PATIENT"

step "Session 1 assigned its journaling prompts; the patient answers one (text and mood stay in this service)"
await 200 '"promptId"' GET "$INTEG/prompts" "$PATIENT"
PROMPT_ID=$(field promptId)
call 201 POST "$INTEG/journal-entries" "$PATIENT" \
  "{\"promptId\":\"$PROMPT_ID\",\"text\":\"I noticed the worry and let it pass\",\"mood\":7}"

step "The content library: breathwork of at most 5 minutes"
call 200 GET "$GATEWAY/api/integration/content?kind=BREATHWORK&maxMinutes=5" "$PATIENT"

# ---- Sessions 2 to 4, within the pacing rules; the measures after session 2 ----------------------------------

S1=$(date -u -d "$SLOT" +%s)
for N in 2 3 4; do
  OFFSET=$(( N == 2 ? 2 : N == 3 ? 7 : 9 ))   # days after session 1: 48 hours apart, at most two in any 7 days
  step "Session $N: booked $OFFSET days after session 1, prepared, started and supervised"
  FROM=$(date -u -d "@$(( S1 + OFFSET * 86400 ))" +%Y-%m-%dT%H:%M:%SZ)
  TO=$(date -u -d "@$(( S1 + (OFFSET + 2) * 86400 ))" +%Y-%m-%dT%H:%M:%SZ)
  call 200 GET "$SCHED/slots?type=DOSING_SESSION&providerId=$PROVIDER_ID&from=$FROM&to=$TO" "$PATIENT"
  START=$(field start)
  call 201 POST "$SCHED/appointments" "$PATIENT" "{\"patientId\":\"$PATIENT_ID\",\"type\":\"DOSING_SESSION\",
    \"providerId\":\"$PROVIDER_ID\",\"start\":\"$START\",\"sessionNumber\":$N}"
  APPOINTMENT=$(field appointmentId)
  await 200 "\"appointmentId\":\"$APPOINTMENT\"" GET "$SESS/patients/$PATIENT_ID" "$PATIENT"
  S=$SESS/$(grep -o "\"sessionId\":\"[^\"]*\",\"appointmentId\":\"$APPOINTMENT\"" <<<"$BODY" | sed -E 's/^"sessionId":"([^"]*)".*/\1/')
  call 200 PUT "$S/preparation" "$PATIENT" '{"intention":"Stay with the breath",
    "fastingConfirmed":true,"monitor":{"name":"Alex Kim","phone":"+14155550188"},"noDriving":true,"safeEnvironment":true}'
  call 200 POST "$S/vitals" "$PATIENT" '{"phase":"PRE_DOSE","systolic":126,"diastolic":80,"heartRate":74}'
  call 200 POST "$S/start" "$PROVIDER"
  for (( CHECK = 1; CHECK <= CHECK_INS; CHECK++ )); do
    sleep "$CHECK_IN_EVERY"
    call 200 POST "$S/monitor-checks" "$PATIENT" '{"status":"OK"}'
  done
  call 200 POST "$S/vitals" "$PROVIDER" '{"phase":"DISCHARGE","systolic":124,"diastolic":80,"heartRate":70}'
  WAIT_SECONDS=$MONITORING_WAIT_SECONDS await 200 '"status":"COMPLETED"' POST "$S/complete" "$PROVIDER"
  if grep -q '"MISSED"' <<<"$BODY"; then
    fail "session $N has a missed check although the monitor checked in every $CHECK_IN_EVERY s: $BODY"
  fi
  if [ "$N" = 2 ]; then
    step "After session 2 the patient answers the GAD-7 and the PHQ-9: 6 from the screening's 12 is a 50 % drop, a response"
    await 200 '"completedSessions":2' GET "$INTEG/progress" "$PATIENT"
    call 201 POST "$INTEG/assessments" "$PATIENT" '{"instrument":"GAD7","answers":[1,1,1,1,1,1,0]}'
    grep -q '"response":true' <<<"$BODY" || fail "GAD-7 from 12 to 6 is not a response: $BODY"
    call 201 POST "$INTEG/assessments" "$PATIENT" '{"instrument":"PHQ9","answers":[1,1,1,0,1,0,0,1,0]}'
  fi
done

step "The plan is complete"
await 200 '"status":"COMPLETED"' GET "$SCHED/patients/$PATIENT_ID/plan" "$PATIENT"

# ---- The end of the program -----------------------------------------------------------------------------------

step "The end-of-program questionnaires"
await 200 '"status":"PLAN_ENDED"' GET "$INTEG/progress" "$PATIENT"
call 201 POST "$INTEG/assessments" "$PATIENT" '{"instrument":"GAD7","answers":[1,1,0,1,0,0,0]}'
call 201 POST "$INTEG/assessments" "$PATIENT" '{"instrument":"PHQ9","answers":[1,0,1,0,1,0,0,0,0]}'

step "The coaching after the last session is booked; the coach records it once it has started"
COACHING_RANGE="from=$(date -u +%Y-%m-%dT00:00:00Z)&to=$(date -u -d '+2 days' +%Y-%m-%dT00:00:00Z)"
await 200 '"INTEGRATION_COACHING","sessionNumber":4,' GET "$SCHED/appointments?patientId=$PATIENT_ID&$COACHING_RANGE" "$PATIENT"
LAST=$(grep -o '{[^{}]*"INTEGRATION_COACHING","sessionNumber":4,[^{}]*}' <<<"$BODY")
COACHING_ID=$(BODY=$LAST field appointmentId)
COACHING_START=$(BODY=$LAST field start)
UNTIL=$(date -u -d "$COACHING_START" +%s)
[ $((UNTIL - $(date -u +%s))) -le "$COACHING_WAIT_SECONDS" ] \
  || fail "the coaching starts at $COACHING_START, more than $COACHING_WAIT_SECONDS s from now (are the demo settings on?)"
echo "Waiting until the coaching starts at $COACHING_START"
while [ "$(date -u +%s)" -lt "$UNTIL" ]; do sleep 5; done
call 200 GET "$GATEWAY/api/integration/content?tag=integration" "$COACH"
CONTENT_ID=$(field contentId)
await 201 '' POST "$INTEG/coaching-sessions" "$COACH" "{\"appointmentId\":\"$COACHING_ID\",
  \"notes\":\"Reviewed the four sessions; planned a weekly body scan\",\"contentIds\":[\"$CONTENT_ID\"]}"

step "The program is complete, each measure with its flags"
await 200 '"status":"COMPLETED"' GET "$INTEG/progress" "$PATIENT"

# ---- Who saw the patient's data -------------------------------------------------------------------------------

step "The coach reads the journal; the coordinator, who built the care team, may not"
call 200 GET "$INTEG/journal-entries" "$COACH"
call 403 GET "$INTEG/journal-entries" "$COORDINATOR"

step "The patient's access log: every access of the walk-through, in every service, newest first"
await 200 '"actorRole":"COORDINATOR","action":"integration.journal.read"[^}]*"outcome":"DENIED"' \
  GET "$API/patients/$PATIENT_ID/access-log?size=20" "$PATIENT"

echo
echo "Walk-through complete: patient $PATIENT_ID finished the program."

#!/usr/bin/env bash
# Reminders and alerts in /dev/messages: a patient books a consultation shortly ahead and gets two reminders, a
# text and then, because a patient gets at most one non-urgent text a day, an email; then a screening with a
# self-harm answer pages the on-call address at once.
#
# Run it against a platform started with the reminder settings of README.md beside this file (reminders 10 and 5
# minutes ahead, no quiet hours):
#   bash docs/walkthroughs/02-reminders-and-alerts.sh
#
# Environment (defaults in brackets):
#   CARE_GATEWAY_URL      the gateway [http://localhost:8080]
#   WAIT_SECONDS          how long each "retry until ..." waits at most [120]
#   SLOT_LEAD_SECONDS     the consultation starts on the 5-minute grid at least this long from now; more than the
#                         earliest reminder offset, so that no reminder is due at booking [900]
#   MESSAGE_WAIT_SECONDS  how long to wait at most for each reminder to arrive [1200]
#   STAFF_TIME_ZONE       the time zone of the clinician's around-the-clock availability [Etc/UTC]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SLOT_LEAD_SECONDS=${SLOT_LEAD_SECONDS:-900}
MESSAGE_WAIT_SECONDS=${MESSAGE_WAIT_SECONDS:-1200}
STAFF_TIME_ZONE=${STAFF_TIME_ZONE:-Etc/UTC}

API=$GATEWAY/api/intake
SCHED=$GATEWAY/api/scheduling
NOTIF=$GATEWAY/api/notifications
MESSAGES=$GATEWAY/dev/messages

PATIENT_ID=$(uuid)
CLINICIAN_ID=$(uuid)
PATIENT=$(token "{\"subject\":\"user-$PATIENT_ID\",\"roles\":[\"PATIENT\"],\"patientId\":\"$PATIENT_ID\"}")
CLINICIAN=$(token "{\"subject\":\"$CLINICIAN_ID\",\"roles\":[\"CLINICIAN\"]}")
ADMIN=$(token '{"subject":"admin-1","roles":["ADMIN"]}')
EMAIL="sam.${PATIENT_ID:0:8}@example.org"
PHONE="+1415555$(printf %04d $((RANDOM % 10000)))"
echo "Patient $PATIENT_ID ($EMAIL, $PHONE), clinician $CLINICIAN_ID, gateway $GATEWAY"

step "A patient registers with an email address and a phone number, and consents to treatment, text messages and email"
call 201 POST "$API/patients" "$PATIENT" "{\"givenName\":\"Sam\",\"familyName\":\"Lee\",\"dateOfBirth\":\"1990-04-12\",
  \"email\":\"$EMAIL\",\"phone\":\"$PHONE\",\"jurisdiction\":\"US-CA\",\"timeZone\":\"America/Los_Angeles\"}"
for TYPE in TREATMENT SMS EMAIL; do
  call 201 POST "$API/patients/$PATIENT_ID/consents" "$PATIENT" "{\"type\":\"$TYPE\",\"granted\":true}"
done

step "The patient answers the screening and asks for a consultation"
call 201 POST "$API/patients/$PATIENT_ID/screenings" "$PATIENT" \
  '{"gad7":[2,2,2,2,2,1,1],"phq9":[1,1,2,1,1,1,0,1,0],"conditions":[],"bloodPressure":{"systolic":124,"diastolic":82}}'
call 201 POST "$API/patients/$PATIENT_ID/consultations" "$PATIENT"

step "A registered clinician offers consultations around the clock"
call 200 PUT "$API/clinicians/$CLINICIAN_ID" "$ADMIN" '{"displayName":"Dr Rivera","licensedJurisdictions":["US-CA"]}'
await 200 '"timeZone"' PUT "$SCHED/providers/$CLINICIAN_ID/availability" "$CLINICIAN" \
  "{\"timeZone\":\"$STAFF_TIME_ZONE\",\"weekly\":[$(every_day 00:00 23:55)],\"appointmentTypes\":[\"CONSULTATION\"]}"

step "The patient books the first start on the 5-minute booking grid at least $SLOT_LEAD_SECONDS s from now"
SLOT=$(date -u -d "@$(( ($(date +%s) + SLOT_LEAD_SECONDS + 299) / 300 * 300 ))" +%Y-%m-%dT%H:%M:00Z)
echo "Consultation at $SLOT"
# The consultation request reaches scheduling through Kafka: retry until it is bookable.
await 201 '"appointmentId"' POST "$SCHED/appointments" "$PATIENT" \
  "{\"patientId\":\"$PATIENT_ID\",\"type\":\"CONSULTATION\",\"providerId\":\"$CLINICIAN_ID\",\"start\":\"$SLOT\"}" \
  -H "Idempotency-Key: consult-$PATIENT_ID"

step "The notification service made the reminders (retry until they are there)"
await 200 '"kind":"APPOINTMENT_REMINDER"' GET "$NOTIF/patients/$PATIENT_ID" "$PATIENT"

step "The first reminder arrives as a text: it names the clinic and says nothing about the patient's care"
WAIT_SECONDS=$MESSAGE_WAIT_SECONDS await 200 '"SMS"' GET "$MESSAGES" "" "" -G --data-urlencode "to=$PHONE"
if grep -qi ketamine <<<"$BODY" || grep -Eq 'GAD|PHQ|session|Sam|Lee' <<<"$BODY"; then
  fail "the text to the patient says something about their care or names them: $BODY"
fi

step "The second arrives as an email: a patient gets at most one non-urgent text a day"
WAIT_SECONDS=$MESSAGE_WAIT_SECONDS await 200 '"EMAIL"' GET "$MESSAGES" "" "" -G --data-urlencode "to=$EMAIL"
await 200 '"DELIVERED"' GET "$NOTIF/patients/$PATIENT_ID" "$PATIENT"

step "An administrator says where the clinician's alerts go"
call 200 PUT "$NOTIF/providers/$CLINICIAN_ID/contact" "$ADMIN" '{"email":"dr.rivera@clinic.example","phone":"+14155550100"}'

step "A screening with PHQ-9 item 9 above 0 raises a safety escalation"
call 201 POST "$API/patients/$PATIENT_ID/screenings" "$PATIENT" \
  '{"gad7":[2,2,2,2,2,1,1],"phq9":[1,1,2,1,1,1,0,1,1],"conditions":[],"bloodPressure":{"systolic":124,"diastolic":82}}'

step "Nobody has approved the patient, so there is no responsible clinician: the alert goes to the on-call address at once"
await 200 "ref ${PATIENT_ID:0:8}" GET "$MESSAGES" "" "" -G --data-urlencode "to=on-call@clinic.example"
grep -o "{[^{}]*ref ${PATIENT_ID:0:8}[^{}]*}" <<<"$BODY"

echo
echo "Walk-through complete: reminders and the alert for patient $PATIENT_ID arrived."

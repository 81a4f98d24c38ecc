# Helpers of the walk-throughs: requests through the gateway, expected statuses, bounded retries.
# Sourced by the scripts beside it; needs bash, curl, grep and sed only.

GATEWAY=${CARE_GATEWAY_URL:-http://localhost:8080}
GATEWAY=${GATEWAY%/}
# How long a "retry until ..." step waits at most before the walk-through gives up, in seconds.
WAIT_SECONDS=${WAIT_SECONDS:-120}
# How much of each answer is printed.
PRINT_CHARS=${PRINT_CHARS:-400}

STATUS=""
BODY=""

step() {
  printf '\n== %s\n' "$*"
}

fail() {
  printf '\nFAILED: %s\n' "$*" >&2
  exit 1
}

show() {
  local text=$1
  if [ "${#text}" -gt "$PRINT_CHARS" ]; then
    text="${text:0:$PRINT_CHARS}…"
  fi
  printf '%s\n' "$text"
}

# request METHOD URL TOKEN [BODY] [CURL OPTION ...]: sets STATUS and BODY; STATUS is 000 without an answer. An
# empty BODY sends none (to give curl options to a request without a body).
request() {
  local method=$1 url=$2 token=$3
  shift 3
  local args=(-sS -X "$method" -H 'Content-Type: application/json' -o - -w '\n%{http_code}' --max-time 30)
  if [ -n "$token" ]; then
    args+=(-H "Authorization: Bearer $token")
  fi
  if [ $# -gt 0 ]; then
    if [ -n "$1" ]; then
      args+=(--data-binary "$1")
    fi
    shift
  fi
  local out
  if ! out=$(curl "${args[@]}" "$@" "$url" 2>&1); then
    STATUS=000
    BODY=$out
    return 0
  fi
  STATUS=${out##*$'\n'}
  BODY=${out%$'\n'*}
}

# call EXPECTED METHOD URL TOKEN [BODY] [CURL OPTION ...]: prints the answer; stops the walk-through when its
# status is not the expected one.
call() {
  local expected=$1 method=$2 url=$3
  shift
  request "$@"
  printf '%s %s -> %s ' "$method" "${url#"$GATEWAY"}" "$STATUS"
  show "$BODY"
  if [ "$STATUS" != "$expected" ]; then
    fail "$method ${url#"$GATEWAY"} answered $STATUS, expected $expected: $BODY"
  fi
}

# await EXPECTED PATTERN METHOD URL TOKEN [BODY] [CURL OPTION ...]: repeats the request every second until it
# answers EXPECTED with a body matching the extended regular expression PATTERN (empty: any body), for at most
# WAIT_SECONDS; then prints the answer, or stops the walk-through.
await() {
  local expected=$1 pattern=$2 method=$3 url=$4
  shift 2
  local deadline=$((SECONDS + WAIT_SECONDS))
  while true; do
    request "$@"
    if [ "$STATUS" = "$expected" ] && { [ -z "$pattern" ] || grep -Eq -- "$pattern" <<<"$BODY"; }; then
      break
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      fail "$method ${url#"$GATEWAY"} did not answer $expected${pattern:+ with $pattern} within $WAIT_SECONDS s; last: $STATUS $BODY"
    fi
    sleep 1
  done
  printf '%s %s -> %s ' "$method" "${url#"$GATEWAY"}" "$STATUS"
  show "$BODY"
}

# field NAME: the first string value of NAME in BODY; stops the walk-through when there is none.
field() {
  local value
  value=$(grep -o "\"$1\":\"[^\"]*\"" <<<"$BODY" | head -n 1 | sed -E 's/.*:"([^"]*)"/\1/') || true
  [ -n "$value" ] || fail "no \"$1\" in the answer: $BODY"
  printf '%s' "$value"
}

# token JSON: a development token from the gateway (local mode only).
token() {
  request POST "$GATEWAY/dev/tokens" "" "$1"
  [ "$STATUS" = 200 ] || fail "POST /dev/tokens answered $STATUS (is the platform running in local mode at $GATEWAY?): $BODY"
  field access_token
}

uuid() {
  if [ -r /proc/sys/kernel/random/uuid ]; then
    cat /proc/sys/kernel/random/uuid
  else
    uuidgen | tr 'A-Z' 'a-z'
  fi
}

# every_day START END: the same window on each day of the week, as JSON array elements.
every_day() {
  local day days=""
  for day in MONDAY TUESDAY WEDNESDAY THURSDAY FRIDAY SATURDAY SUNDAY; do
    days+=$(printf '{"day":"%s","start":"%s","end":"%s"},' "$day" "$1" "$2")
  done
  printf '%s' "${days%,}"
}

#!/usr/bin/env bash
# `npm test`: builds the plugin, then runs every suite and prints one plain line
# "N passed, N failed" (and each suite's count and time). Exits non-zero on any failure.
#
# Suites: lint (ESLint + Prettier, one test), unit (jest: plugin/ and server/ pure logic),
# integration on SQLite, PostgreSQL and MariaDB (jest: the real example app in-process, each
# test file on its own copy of a template database), e2e (Debian Chromium + playwright-core,
# when Chromium is installed) and compat (the packed plugin installed with a plain
# `npm install` into scratch Strapi apps at the supported floor, with two copies of
# @strapi/utils, and at the repository's pin, with GraphQL: scripts/compat-check.sh).
#
# The suites run in two lanes at once (this machine has two cores); each lane's suites share
# no database, file or port with the other's. Logs: .tmp/test-results/<suite>.log.
#   JOURNEY_TEST_DBS="sqlite postgres"  narrows the databases
#   JOURNEY_SKIP_COMPAT=1               skips the compat suites (they install Strapi apps)
set -u
cd "$(dirname "$0")/.."
export STRAPI_TELEMETRY_DISABLED=true
out=.tmp/test-results
mkdir -p "$out" && rm -f "$out"/*.json "$out"/*.log "$out"/*.time
FLOOR=$(node -p "require('./package.json').peerDependencies['@strapi/strapi'].replace(/^\^/, '')")
PIN=$(node -p "require('./package.json').devDependencies['@strapi/strapi']")

npx strapi-plugin build --silent || { echo "plugin build failed"; echo "0 passed, 1 failed"; exit 1; }
# The example app is compiled once here, not by each lane's jest (they would write dist/ at once).
node server/tests/helpers/compile-app.js || { echo "example app compile failed"; echo "0 passed, 1 failed"; exit 1; }
export JOURNEY_APP_COMPILED=1

# A jest suite: its own --json result file.
jest_suite() { # name, jest args...
  local name=$1; shift
  timeout 1500 npx jest --runInBand --forceExit --json --outputFile="$out/$name.json" "$@"
}

# A non-jest check counted as N tests: its "N passed, N failed" line becomes a result file in jest's --json shape.
counted() { # name, command...
  local name=$1; shift
  "$@" | tee "$out/$name.out"
  local rc=${PIPESTATUS[0]}
  local line passed failed
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out/$name.out" | tail -1)
  passed=$(echo "$line" | cut -d' ' -f1); failed=$(echo "$line" | cut -d' ' -f3)
  [ -n "$line" ] || { passed=0; failed=1; }
  [ "$rc" -ne 0 ] && [ "${failed:-0}" -eq 0 ] && failed=1
  echo "{\"numPassedTests\":${passed:-0},\"numFailedTests\":${failed:-1},\"testResults\":[]}" >"$out/$name.json"
  return "$rc"
}

lint() { npm run --silent lint && echo "1 passed, 0 failed" || { echo "0 passed, 1 failed"; return 1; }; }

reachable() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

integration() { # db
  local port=
  case $1 in postgres) port=5432 ;; mysql) port=3306 ;; esac
  if [ -n "$port" ] && ! reachable "$port"; then
    echo "!!! SKIPPED: $1 is not reachable on 127.0.0.1:$port — its integration tests did NOT run"
    return 1
  fi
  JOURNEY_TEST_DB=$1 jest_suite "integration-$1" --selectProjects integration
}

e2e() {
  if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
    echo "!!! SKIPPED: browser tests — no Chromium at ${CHROMIUM_PATH:-/usr/bin/chromium} (apt-get install -y chromium)"
    echo '{"numPassedTests":0,"numFailedTests":0,"testResults":[]}' >"$out/e2e.json"
    return 0
  fi
  if [ ! -f examples/app/dist/build/index.html ]; then
    echo "=== building the example app's admin for the browser tests"
    npm run build --workspace examples/app || return 1
  fi
  jest_suite e2e --selectProjects e2e --passWithNoTests
}

# One suite: output to its log, start and end times for the summary.
suite() { # name, function args...
  local name=$1; shift
  local t0
  t0=$(date +%s)
  echo "=== [$(date +%T)] $name started"
  "$@" >"$out/$name.log" 2>&1
  local rc=$?
  echo "$rc $(($(date +%s) - t0))" >"$out/$name.time"
  echo "=== [$(date +%T)] $name finished in $(($(date +%s) - t0)) s (exit $rc)"
  if [ "$rc" -ne 0 ]; then echo "--- last lines of $out/$name.log:"; tail -40 "$out/$name.log"; fi
  # A suite that wrote no result file failed before it could count.
  [ -f "$out/$name.json" ] || echo '{"numPassedTests":0,"numFailedTests":1,"testResults":[]}' >"$out/$name.json"
  return "$rc"
}

dbs=" ${JOURNEY_TEST_DBS:-sqlite postgres mysql} "
has() { [[ $dbs == *" $1 "* ]]; }
compat() { [ "${JOURNEY_SKIP_COMPAT:-}" = 1 ] && echo "!!! SKIPPED: compat suites (JOURNEY_SKIP_COMPAT=1)" && return 1; return 0; }

t_all=$(date +%s)
# Lane A: the CPU-light suites first, then what needs most memory apart from lane B's builds.
(
  suite lint counted lint lint
  suite unit jest_suite unit --selectProjects unit
  has sqlite && suite integration-sqlite integration sqlite
  has mysql && suite integration-mysql integration mysql
  compat && suite "compat-$FLOOR" counted "compat-$FLOOR" env JOURNEY_PACK_BUILT=1 bash scripts/compat-check.sh "$FLOOR" --dup-utils
) &
lane_a=$!
(
  has postgres && suite integration-postgres integration postgres
  suite e2e e2e
  compat && suite "compat-$PIN" counted "compat-$PIN" env JOURNEY_PACK_BUILT=1 bash scripts/compat-check.sh "$PIN" --graphql
) &
lane_b=$!
wait $lane_a
wait $lane_b

echo
echo "Per-suite times (two lanes at once; whole run $(($(date +%s) - t_all)) s):"
for f in "$out"/*.time; do
  [ -f "$f" ] || continue
  read -r rc secs <"$f"
  printf '  %-24s %5s s  exit %s\n' "$(basename "$f" .time)" "$secs" "$rc"
done
node scripts/summarize-tests.js "$out"

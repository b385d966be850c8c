#!/usr/bin/env bash
# `npm test`: builds the plugin, then runs
#   - the unit tests of the journey model (plugin/) once,
#   - the integration tests (real example app in-process) on SQLite, PostgreSQL and MariaDB,
#   - the browser tests (Debian Chromium + playwright-core) when Chromium is installed,
#   - "lint" (`npm run lint`: ESLint + Prettier; errors fail the run) and "pack" (scripts/pack-check.sh:
#     the packed plugin in a scratch Strapi app outside the repository; JOURNEY_SKIP_PACK=1 skips it),
#     each counted as one test,
# and prints one plain line "N passed, N failed". Exits non-zero on any failure.
# JOURNEY_TEST_DBS="sqlite postgres" narrows the databases.
set -u
cd "$(dirname "$0")/.."
export STRAPI_TELEMETRY_DISABLED=true
out=.tmp/test-results
mkdir -p "$out" && rm -f "$out"/*.json
status=0

npx strapi-plugin build --silent || { echo "plugin build failed"; echo "0 passed, 1 failed"; exit 1; }

run() { # name, jest args...
  local name=$1; shift
  echo "=== $name"
  timeout 1200 npx jest --runInBand --forceExit --json --outputFile="$out/$name.json" "$@" || status=1
}

# A non-jest check counted as one test: writes a result file in jest's --json shape.
check() { # name, command...
  local name=$1; shift
  echo "=== $name"
  local ok=1
  "$@" || { ok=0; status=1; }
  echo "{\"numPassedTests\":$ok,\"numFailedTests\":$((1 - ok)),\"testResults\":[]}" >"$out/$name.json"
}

reachable() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

check lint npm run --silent lint
run unit --selectProjects unit

for db in ${JOURNEY_TEST_DBS:-sqlite postgres mysql}; do
  case $db in
    postgres) port=5432 ;;
    mysql) port=3306 ;;
    *) port= ;;
  esac
  if [ -n "$port" ] && ! reachable "$port"; then
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    echo "!!! SKIPPED: $db is not reachable on 127.0.0.1:$port — its integration tests did NOT run"
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    continue
  fi
  JOURNEY_TEST_DB=$db run "integration-$db" --selectProjects integration
done

if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  if [ ! -f examples/app/dist/build/index.html ]; then
    echo "=== building the example app's admin for the browser tests"
    npm run build --workspace examples/app || status=1
  fi
  run e2e --selectProjects e2e --passWithNoTests
else
  echo "!!! SKIPPED: browser tests — no Chromium at ${CHROMIUM_PATH:-/usr/bin/chromium} (apt-get install -y chromium)"
fi

if [ "${JOURNEY_SKIP_PACK:-}" = 1 ]; then
  echo "!!! SKIPPED: pack check (JOURNEY_SKIP_PACK=1)"
else
  JOURNEY_PACK_BUILT=1 check pack timeout 1500 bash scripts/pack-check.sh
fi

node scripts/summarize-tests.js "$out" || status=1
exit $status

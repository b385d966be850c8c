#!/usr/bin/env bash
# `npm run demo`: builds the plugin and the example app, loads the demo content
# (once) into SQLite, creates the demo admin and starts Strapi on
# http://127.0.0.1:1337/admin (PORT=… npm run demo for another port). Stop it with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
export STRAPI_TELEMETRY_DISABLED=true

[ -d node_modules/@strapi/strapi ] || npm install --no-audit --no-fund
npx strapi-plugin build --silent

cd examples/app
if [ ! -f .env ]; then
  # Local secrets for the demo only; .env is not committed.
  rnd() { node -e "console.log(require('crypto').randomBytes(16).toString('base64'))"; }
  cat > .env <<ENV
HOST=127.0.0.1
APP_KEYS=$(rnd),$(rnd)
API_TOKEN_SALT=$(rnd)
ADMIN_JWT_SECRET=$(rnd)
TRANSFER_TOKEN_SALT=$(rnd)
JWT_SECRET=$(rnd)
ENCRYPTION_KEY=$(rnd)
DATABASE_CLIENT=sqlite
DATABASE_FILENAME=.tmp/data.db
ENV
fi

# config/server.ts defaults to 1337; the environment wins over .env.
export PORT="${PORT:-1337}"
node ../../node_modules/@strapi/strapi/bin/strapi.js build
echo
echo "Demo admin: admin@journey.local / JourneyDemo1  →  http://127.0.0.1:$PORT/admin"
echo "Try: curl '127.0.0.1:$PORT/api/journey/recommend?stage=research&audience=b2b'"
echo
JOURNEY_DEMO_SEED=true exec node ../../node_modules/@strapi/strapi/bin/strapi.js start

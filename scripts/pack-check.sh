#!/usr/bin/env bash
# `npm run pack:check`: the plugin as a user gets it. Runs `strapi-plugin verify`, packs the
# plugin (`npm pack`), installs the tarball into a scratch Strapi 5.54.0 app OUTSIDE the
# repository (no `resolve`, no workspace: nothing can come from this repository's
# node_modules), builds it (`strapi build`), starts it (`strapi start`) on a free port, and
# calls both content-API endpoints as the Public role. Prints "N passed, N failed" (one check
# per line above it) and exits non-zero on any failure.
#
# The scratch app's node_modules (everything but the plugin) is kept between runs in
# $JOURNEY_PACK_CACHE (default .tmp/pack-check-cache) and moved, not copied, into the app:
# a first run installs ~1,000 packages from the npm cache, later runs only the tarball.
# JOURNEY_PACK_BUILT=1 skips the plugin build (scripts/test.sh has just built it).
# JOURNEY_PACK_KEEP=1 keeps the scratch app (its path is printed).
set -u
cd "$(dirname "$0")/.."
REPO=$PWD
export STRAPI_TELEMETRY_DISABLED=true BROWSER=none NODE_ENV=production
t0=$(date +%s)
passed=0
failed=0
say() { echo "--- [$(($(date +%s) - t0))s] $*"; }
ok() { passed=$((passed + 1)); echo "ok: $*"; }
bad() { failed=$((failed + 1)); echo "FAILED: $*"; }

app=
server_pid=
cache=${JOURNEY_PACK_CACHE:-$REPO/.tmp/pack-check-cache}
finish() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$server_pid" 2>/dev/null
  fi
  if [ -n "$app" ] && [ -d "$app/node_modules" ]; then
    # Keep the dependencies for the next run; the plugin itself is always installed afresh.
    rm -rf "$cache/node_modules" "$app/node_modules/strapi-plugin-journey"
    mkdir -p "$cache" && mv "$app/node_modules" "$cache/node_modules" && cp "$app/deps.sha" "$cache/deps.sha"
  fi
  if [ -n "$app" ]; then
    if [ "${JOURNEY_PACK_KEEP:-}" = 1 ]; then echo "scratch app kept in $app"; else rm -rf "$app"; fi
  fi
  say "pack check done"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}
trap 'exit 1' INT TERM
trap finish EXIT

if [ "${JOURNEY_PACK_BUILT:-}" != 1 ]; then
  say "build the plugin"
  npx strapi-plugin build --silent || { bad "strapi-plugin build"; exit 1; }
fi

say "strapi-plugin verify"
if npx strapi-plugin verify; then ok "strapi-plugin verify"; else bad "strapi-plugin verify"; fi

app=$(mktemp -d "${JOURNEY_PACK_DIR:-/tmp}/journey-pack-check.XXXXXX")
case "$app/" in "$REPO"/*) bad "the scratch app must live outside the repository ($app)"; exit 1 ;; esac
say "npm pack into the scratch app $app"
tarball=$(npm pack --silent --pack-destination "$app" | tail -1)
[ -f "$app/$tarball" ] || { bad "npm pack"; exit 1; }
mv "$app/$tarball" "$app/strapi-plugin-journey.tgz"
for f in dist/server/index.js dist/admin/index.mjs dist/client/index.mjs package.json README.md; do
  tar -tzf "$app/strapi-plugin-journey.tgz" "package/$f" >/dev/null 2>&1 || bad "the tarball lacks $f"
done
if tar -tzf "$app/strapi-plugin-journey.tgz" | grep -qE '^package/(server|admin|plugin)/src/|^package/node_modules/|tests/'; then
  bad "the tarball ships sources or tests"
fi
ok "npm pack ($(du -k "$app/strapi-plugin-journey.tgz" | cut -f1) kB, $(tar -tzf "$app/strapi-plugin-journey.tgz" | wc -l) files)"

# --- the scratch app: what `create-strapi` would write, in plain JavaScript, plus one type.
sqlite_version=$(node -p "require('./examples/app/package.json').dependencies['better-sqlite3']")
cat >"$app/package.json" <<EOF
{
  "name": "journey-pack-check-app",
  "private": true,
  "version": "0.0.0",
  "dependencies": {
    "@strapi/plugin-users-permissions": "5.54.0",
    "@strapi/strapi": "5.54.0",
    "better-sqlite3": "$sqlite_version",
    "react": "18.3.1",
    "react-dom": "18.3.1",
    "react-router-dom": "6.30.3",
    "styled-components": "6.1.19",
    "strapi-plugin-journey": "file:./strapi-plugin-journey.tgz"
  },
  "strapi": { "uuid": false, "telemetryDisabled": true }
}
EOF
mkdir -p "$app/config" "$app/src/api/article/content-types/article" "$app/public/uploads"
cat >"$app/config/server.js" <<'EOF'
module.exports = ({ env }) => ({
  host: '127.0.0.1',
  port: env.int('PORT', 1337),
  app: { keys: ['packCheckKeyA', 'packCheckKeyB'] },
  logger: { updates: { enabled: false } },
});
EOF
cat >"$app/config/admin.js" <<'EOF'
module.exports = () => ({
  auth: { secret: 'pack-check-admin-jwt' },
  apiToken: { salt: 'pack-check-api-token-salt' },
  transfer: { token: { salt: 'pack-check-transfer-salt' } },
  secrets: { encryptionKey: 'pack-check-encryption-key-0123456' },
});
EOF
cat >"$app/config/database.js" <<'EOF'
const path = require('path');
module.exports = () => ({
  connection: {
    client: 'sqlite',
    connection: { filename: path.join(__dirname, '..', '.tmp', 'data.db') },
    useNullAsDefault: true,
  },
});
EOF
cat >"$app/config/middlewares.js" <<'EOF'
module.exports = [
  'strapi::logger', 'strapi::errors', 'strapi::security', 'strapi::cors', 'strapi::poweredBy',
  'strapi::query', 'strapi::body', 'strapi::session', 'strapi::favicon', 'strapi::public',
];
EOF
# No `resolve`: Strapi must find the plugin in node_modules, as in a user's app.
cat >"$app/config/plugins.js" <<'EOF'
module.exports = () => ({ journey: { enabled: true }, 'users-permissions': { config: { jwtSecret: 'pack-check-jwt' } } });
EOF
cat >"$app/src/api/article/content-types/article/schema.json" <<'EOF'
{
  "kind": "collectionType",
  "collectionName": "articles",
  "info": { "singularName": "article", "pluralName": "articles", "displayName": "Article" },
  "options": { "draftAndPublish": true },
  "attributes": { "title": { "type": "string", "required": true } }
}
EOF
for part in controllers routes services; do
  mkdir -p "$app/src/api/article/$part"
  fn=$(case $part in controllers) echo createCoreController ;; routes) echo createCoreRouter ;; services) echo createCoreService ;; esac)
  echo "module.exports = require('@strapi/strapi').factories.$fn('api::article.article');" >"$app/src/api/article/$part/article.js"
done
# Bootstrap: what an admin would click — Public may use both journey routes and read articles —
# and one published article tagged b2c:awareness through the plugin's documented tags service.
cat >"$app/src/index.js" <<'EOF'
module.exports = {
  register() {},
  async bootstrap({ strapi }) {
    const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
    const actions = ['plugin::journey.stage.find', 'plugin::journey.recommend.find', 'api::article.article.find'];
    for (const action of actions) {
      const q = strapi.db.query('plugin::users-permissions.permission');
      if (!(await q.findOne({ where: { action, role: role.id } }))) await q.create({ data: { action, role: role.id } });
    }
    const articles = strapi.documents('api::article.article');
    if ((await articles.count({})) > 0) return;
    const doc = await articles.create({ data: { title: 'Pack check article' } });
    await strapi.plugin('journey').service('tags').set('api::article.article', doc.documentId, { stages: ['b2c:awareness'], audience: 'b2c' });
    await articles.publish({ documentId: doc.documentId });
  },
};
EOF

# --- install (from the npm cache; dependencies reused from the previous run when unchanged)
deps_sha=$( (node -v; grep -v strapi-plugin-journey "$app/package.json") | sha1sum | cut -d' ' -f1)
echo "$deps_sha" >"$app/deps.sha"
if [ -d "$cache/node_modules" ] && [ "$(cat "$cache/deps.sha" 2>/dev/null)" = "$deps_sha" ]; then
  say "npm install (dependencies reused from $cache)"
  mv "$cache/node_modules" "$app/node_modules"
  rm -f "$app/node_modules/.package-lock.json"
else
  say "npm install (first run: all dependencies)"
  rm -rf "$cache/node_modules"
fi
if (cd "$app" && npm install --no-audit --no-fund --no-package-lock --prefer-offline --loglevel=error >"$app/install.log" 2>&1); then
  ok "npm install of the tarball in a Strapi 5.54.0 app ($(($(date +%s) - t0))s since start)"
else
  tail -30 "$app/install.log"; bad "npm install"; exit 1
fi
installed=$app/node_modules/strapi-plugin-journey
if cmp -s "$installed/dist/server/index.js" dist/server/index.js && [ ! -L "$installed" ]; then
  ok "the app runs the packed build (node_modules/strapi-plugin-journey is a copy of this dist/)"
else
  bad "node_modules/strapi-plugin-journey is not this build (a link, or a stale copy)"
fi
for pkg in @strapi/strapi @strapi/admin @strapi/core @strapi/plugin-users-permissions; do
  v=$(node -p "require('$app/node_modules/$pkg/package.json').version")
  [ "$v" = 5.54.0 ] || bad "$pkg is $v in the scratch app, not 5.54.0"
done

strapi="node $app/node_modules/@strapi/strapi/bin/strapi.js"
say "strapi build"
if (cd "$app" && $strapi build >"$app/build.log" 2>&1); then ok "strapi build (admin with the plugin)"; else
  tail -30 "$app/build.log"; bad "strapi build"; exit 1
fi

port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
say "strapi start on 127.0.0.1:$port"
(cd "$app" && PORT=$port exec $strapi start >"$app/start.log" 2>&1) &
server_pid=$!
up=
for _ in $(seq 1 120); do
  kill -0 "$server_pid" 2>/dev/null || break
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/_health")" = 204 ] && { up=1; break; }
  sleep 0.5
done
if [ -z "$up" ]; then tail -40 "$app/start.log"; bad "strapi start (no /_health 204)"; exit 1; fi
ok "strapi start: /_health 204"

# The two content-API endpoints, as the Public role.
check() { # name, path, node assertion on `b` (the parsed body)
  local body code
  body=$(curl -s -w '\n%{http_code}' "http://127.0.0.1:$port$2")
  code=${body##*$'\n'}
  body=${body%$'\n'*}
  if [ "$code" = 200 ] && printf '%s' "$body" | node -e "const b=JSON.parse(require('fs').readFileSync(0,'utf8')); if (!($3)) process.exit(1)"; then
    ok "$1"
  else
    bad "$1 (HTTP $code: ${body:0:300})"
  fi
}
check "GET /api/journey/stages: 200 with phases, frameworks and audiences" /api/journey/stages \
  "b.data.phases.length === 5 && b.data.frameworks.some((f) => f.key === 'b2c' && f.stages.some((s) => s.id === 'b2c:awareness')) && b.data.audiences.includes('both')"
check "GET /api/journey/recommend?stage=awareness: 200 with the tagged, published article" "/api/journey/recommend?stage=awareness" \
  "b.data.length === 1 && b.data[0].title === 'Pack check article' && b.data[0].contentType === 'api::article.article' && b.data[0].journey.stages.includes('b2c:awareness') && b.meta.phase === 'awareness'"

#!/usr/bin/env bash
# `npm run compat -- <strapi version> [--dup-utils] [--graphql]`: the plugin as a user gets it, in a
# Strapi app nobody here wrote. Packs the plugin (`npm pack`), installs the tarball with a plain
# `npm install` (no --force, no --legacy-peer-deps) into a scratch Strapi app at that version
# OUTSIDE the repository (no `resolve`, no workspace), builds its admin (`strapi build`), starts
# it (`strapi start`) and runs the smoke suite over HTTP (scripts/compat/smoke.js): stages,
# recommend (good input 200, bad input 400/403 in Strapi's shape, a type the Public role may not
# read), stage=auto with seen, visitor, an admin's tags PUT/GET, coverage, suggestions, and
# GraphQL with --graphql.
#   --dup-utils  the app also depends on @strapi/utils@<the repository's pin>, so the tree holds
#                two copies of it (the plugin resolves one, Strapi's packages their own), as
#                real installs do; the run fails if it does not.
# Prints "N passed, N failed" and exits non-zero on any failure.
#
# The scratch app's node_modules (everything but the plugin) is kept between runs in
# $JOURNEY_COMPAT_CACHE/<version>… (default ~/.cache/strapi-plugin-journey, outside the clone so
# a later clean clone on the same machine reuses it) and moved, not copied, into the app.
# JOURNEY_PACK_BUILT=1 skips the plugin build; JOURNEY_PACK_KEEP=1 keeps the scratch app.
set -u
cd "$(dirname "$0")/.."
REPO=$PWD
export STRAPI_TELEMETRY_DISABLED=true BROWSER=none NODE_ENV=production
version=${1:?usage: compat-check.sh <strapi version> [--dup-utils] [--graphql]}
shift
dup_utils=
graphql=
for flag in "$@"; do
  case $flag in
    --dup-utils) dup_utils=1 ;;
    --graphql) graphql=1 ;;
    *) echo "unknown flag $flag"; exit 2 ;;
  esac
done
pin=$(node -p "require('./package.json').devDependencies['@strapi/strapi']")
t0=$(date +%s)
passed=0
failed=0
say() { echo "--- [$(($(date +%s) - t0))s] $*"; }
ok() { passed=$((passed + 1)); echo "ok: $*"; }
bad() { failed=$((failed + 1)); echo "FAILED: $*"; }

app=
server_pid=
cache=${JOURNEY_COMPAT_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/strapi-plugin-journey}/$version${dup_utils:+-dup}${graphql:+-gql}
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
  say "compat check at Strapi $version done"
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
if npx strapi-plugin verify >/dev/null; then ok "strapi-plugin verify"; else bad "strapi-plugin verify"; fi

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

# --- the scratch app: what `create-strapi` would write, in plain JavaScript, plus two types.
sqlite_version=$(node -p "require('./examples/app/package.json').dependencies['better-sqlite3']")
extra=
[ -n "$dup_utils" ] && extra="$extra\"@strapi/utils\": \"$pin\","
[ -n "$graphql" ] && extra="$extra\"@strapi/plugin-graphql\": \"$version\","
cat >"$app/package.json" <<EOF
{
  "name": "journey-compat-app",
  "private": true,
  "version": "0.0.0",
  "dependencies": {
    $extra
    "@strapi/plugin-users-permissions": "$version",
    "@strapi/strapi": "$version",
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
mkdir -p "$app/config" "$app/public/uploads"
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
# `article` the Public role may read; `memo` it may not (Users & Permissions refuses it, from its own copy of @strapi/utils).
for type in article:articles:Article memo:memos:Memo; do
  IFS=: read -r one many label <<<"$type"
  mkdir -p "$app/src/api/$one/content-types/$one"
  cat >"$app/src/api/$one/content-types/$one/schema.json" <<EOF
{
  "kind": "collectionType",
  "collectionName": "$many",
  "info": { "singularName": "$one", "pluralName": "$many", "displayName": "$label" },
  "options": { "draftAndPublish": true },
  "attributes": { "title": { "type": "string", "required": true }, "body": { "type": "text" } }
}
EOF
  for part in controllers routes services; do
    mkdir -p "$app/src/api/$one/$part"
    fn=$(case $part in controllers) echo createCoreController ;; routes) echo createCoreRouter ;; services) echo createCoreService ;; esac)
    echo "module.exports = require('@strapi/strapi').factories.$fn('api::$one.$one');" >"$app/src/api/$one/$part/$one.js"
  done
done
# Bootstrap: what an admin would click (Public may use the journey routes and read articles, a
# super admin exists), one published article and one published memo tagged b2c:awareness
# through the plugin's documented tags service.
cat >"$app/src/index.js" <<'EOF'
module.exports = {
  register() {},
  async bootstrap({ strapi }) {
    const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
    const actions = ['stage.find', 'recommend.find', 'visitor.find'].map((a) => `plugin::journey.${a}`);
    for (const action of [...actions, 'api::article.article.find']) {
      const q = strapi.db.query('plugin::users-permissions.permission');
      if (!(await q.findOne({ where: { action, role: role.id } }))) await q.create({ data: { action, role: role.id } });
    }
    const users = strapi.service('admin::user');
    if (!(await users.exists({ email: 'smoke@example.com' }))) {
      const superAdmin = await strapi.service('admin::role').getSuperAdmin();
      await users.create({ email: 'smoke@example.com', firstname: 'Smoke', lastname: 'Test', password: 'Smoke-Test-1234',
        roles: [superAdmin.id], isActive: true, registrationToken: null });
    }
    for (const uid of ['api::article.article', 'api::memo.memo']) {
      const docs = strapi.documents(uid);
      if ((await docs.count({})) > 0) continue;
      const doc = await docs.create({ data: { title: uid === 'api::memo.memo' ? 'Smoke memo' : 'Smoke article', body: 'Why our customers switch' } });
      await strapi.plugin('journey').service('tags').set(uid, doc.documentId, { stages: ['b2c:awareness'], audience: 'b2c' });
      await docs.publish({ documentId: doc.documentId });
    }
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
  ok "plain npm install of the tarball in a Strapi $version app ($(($(date +%s) - t0))s since start)"
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
  [ "$v" = "$version" ] || bad "$pkg is $v in the scratch app, not $version"
done
copies=$(find "$app/node_modules" -path '*/@strapi/utils/package.json' -not -path '*/strapi-plugin-journey/*' -exec node -p "require('{}').version" \; | sort | uniq -c | tr -s ' \n' ' ')
echo "copies of @strapi/utils in the tree (count version): $copies"
if [ -n "$dup_utils" ]; then
  plugin_utils=$(cd "$installed" && node -p "require(require.resolve('@strapi/utils/package.json')).version")
  core_utils=$(cd "$app/node_modules/@strapi/core" && node -p "require(require.resolve('@strapi/utils/package.json')).version")
  if [ "$plugin_utils" != "$core_utils" ]; then
    ok "two copies of @strapi/utils: the plugin loads $plugin_utils, Strapi's core $core_utils"
  else
    bad "--dup-utils: the plugin and Strapi's core load the same @strapi/utils ($core_utils)"
  fi
fi

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

say "smoke suite over HTTP"
node "$REPO/scripts/compat/smoke.js" "http://127.0.0.1:$port" smoke@example.com Smoke-Test-1234 ${graphql:+--graphql} >"$app/smoke.log" 2>&1
cat "$app/smoke.log"
passed=$((passed + $(grep -c '^ok:' "$app/smoke.log")))
failed=$((failed + $(grep -c '^FAILED:' "$app/smoke.log")))
grep -q '^smoke: ' "$app/smoke.log" || bad "the smoke suite did not finish"

# The admin in a browser: an admin that stops while loading answers every HTTP check above.
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  say "browser check (Debian Chromium)"
  doc=$(curl -s "http://127.0.0.1:$port/api/articles" | node -e "let s='';process.stdin.on('data',(d)=>(s+=d)).on('end',()=>console.log(JSON.parse(s).data[0].documentId))")
  node "$REPO/scripts/compat/browser.js" "http://127.0.0.1:$port" smoke@example.com Smoke-Test-1234 "$doc" >"$app/browser.log" 2>&1
  cat "$app/browser.log"
  passed=$((passed + $(grep -c '^ok:' "$app/browser.log")))
  failed=$((failed + $(grep -c '^FAILED:' "$app/browser.log")))
  grep -q '^browser: ' "$app/browser.log" || bad "the browser check did not finish"
else
  echo "!!! SKIPPED: the browser check (no Chromium at ${CHROMIUM_PATH:-/usr/bin/chromium})"
fi
if grep -qiE '\[(error)\]|^\[[^]]*\] error' "$app/start.log"; then
  grep -iE '\[(error)\]|^\[[^]]*\] error' -A3 "$app/start.log" | head -20
  bad "the server logged errors during the smoke suite"
fi

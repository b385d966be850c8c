#!/usr/bin/env bash
# `npm run format`: rewrites the repository in the house style (Prettier, .prettierrc), then
# applies ESLint's automatic fixes, and finally runs the lint check that `npm test` runs.
# Prints what is left for a person to fix; exits non-zero if anything is.
set -u
cd "$(dirname "$0")/.."
npx prettier --write . --log-level warn || exit 1
npx eslint . --fix
rc=$?
# --fix can re-wrap code; settle it once more so the check below sees Prettier's output.
npx prettier --write . --log-level warn || exit 1
[ $rc -eq 0 ] && npm run --silent lint

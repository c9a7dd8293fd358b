#!/usr/bin/env bash
# Install everything the tests need, then run the whole suite.
# Usage: bash scripts/test.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# Debian packages a test needs: Chromium for the browser tests, HAProxy in front of the app's
# replicas, Node.js for the renderer's tests, npm to fetch axe-core (the accessibility tests'
# engine); installed when missing and apt-get can (as root, or with sudo).
AXE=.cache/axe/node_modules/axe-core/axe.min.js
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-dejavu-core)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
[ -f "$AXE" ] || command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  sudo_=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo_="sudo"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# axe-core from the npm registry, into .cache/axe; the accessibility tests inject it into each page.
if [ ! -f "$AXE" ] && command -v npm >/dev/null 2>&1; then
  npm install --prefix .cache/axe --no-audit --no-fund --silent axe-core@4.14.1
fi

# The code's habits first: lint, sorted imports, no function over complexity 10 (pyproject.toml).
python3 -m ruff check .

# The renderer's pure part (static/lab_core.js) against the golden fixtures Python writes
# (tests/fixtures/render/), with Node's own test runner; CI skips nothing.
ci="${CI:-}"
if command -v node >/dev/null 2>&1; then
  node --test tests/js/*.test.mjs
elif [ "${ci,,}" = "true" ]; then
  echo "Node.js is needed for the renderer's tests (tests/js): install Debian's nodejs." >&2
  exit 1
else
  echo "Node.js is not installed: the renderer's tests (tests/js) did not run." >&2
fi

export KERAS_BACKEND=torch
# Core and page tests in two processes; browser tests after them, one at a time, so a
# busy machine does not starve the browser and the servers it drives.
status=0
python3 -m pytest -n 2 -m "not e2e" "$@" || status=$?
browser=0
python3 -m pytest -m e2e "$@" || browser=$?
for code in "$status" "$browser"; do
  if [ "$code" -eq 5 ]; then
    echo "pytest collected no tests: that is a failure." >&2
    exit 1
  fi
done
[ "$status" -ne 0 ] && exit "$status"
exit "$browser"

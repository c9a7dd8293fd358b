#!/usr/bin/env bash
# Install everything the tests need, then run the whole suite.
# Usage: bash scripts/test.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# Browser tests drive Debian's Chromium, the replica tests put Debian's HAProxy in front of the
# app; install whichever is missing when apt-get can.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-dejavu-core)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
if [ "${#missing[@]}" -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  sudo_=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo_="sudo"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The code's habits first: lint, sorted imports, no function over complexity 10 (pyproject.toml).
python3 -m ruff check .

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

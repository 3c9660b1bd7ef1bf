#!/usr/bin/env bash
# The HTML report in a real browser (Debian's chromium, headless): each report loads without a
# single console message (errors, CSP refusals), its script runs (it marks <body data-ready>),
# the key numbers the text summary prints are in the rendered DOM, and a screenshot is kept.
# A negative control checks that a page with a script error is caught; a hostile scenario
# checks that markup in ids and names stays text.
#   check-html-report.sh DRSIM SOURCE_DIR OUT_DIR
set -euo pipefail
drsim="$1"; src="$2"; out="$3"
mkdir -p "$out"
browser="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$browser" ] || { echo "check-html-report: chromium is not installed (scripts/install-deps.sh installs it)" >&2; exit 1; }
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# Loads PAGE headless; writes PAGE.dom (the DOM after scripts ran) and PAGE.console (every
# console message, one per line).
load() {
  local page="$1"
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --enable-logging=stderr --v=0 \
    --virtual-time-budget=5000 --dump-dom "file://$page" >"$page.dom" 2>"$page.log" || true
  grep 'CONSOLE' "$page.log" >"$page.console" || true
}
screenshot() {
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
    --window-size=1280,2400 --screenshot="$2" "file://$1" >/dev/null 2>&1 || true
  [ -s "$2" ] || fail "no screenshot of $1"
}

# 1. Negative control: a console error and an uncaught exception must both be seen.
cat >"$out/negative-control.html" <<'HTML'
<!DOCTYPE html><html><body><p>control</p><script>console.error("control error"); not_defined();</script></body></html>
HTML
load "$out/negative-control.html"
grep -q 'control error' "$out/negative-control.html.console" || fail "the negative control's console.error was not seen"
grep -q 'Uncaught ReferenceError' "$out/negative-control.html.console" || fail "the negative control's exception was not seen"

# 2. Reports of the seed scenario and of a generated fleet: clean console, script ran, key numbers.
check_report() {
  local name="$1" scenario="$2"; shift 2
  local page="$out/$name.html"
  "$drsim" run "$scenario" "$@" --html "$page" >"$out/$name.txt" 2>/dev/null || { fail "$name: drsim run failed"; return; }
  load "$page"
  [ -s "$page.console" ] && { fail "$name: console messages:"; cat "$page.console" >&2; }
  grep -q '<body data-ready="1">' "$page.dom" || fail "$name: the page's script did not run"
  # Every application's RTO and RPO p50 as the text summary prints them (first failure).
  local failure app measure value checked=0
  failure="$(sed -n 's/^Failure \([^:]*\):.*/\1/p' "$out/$name.txt" | head -n 1)"
  while read -r app measure value; do
    local key="$failure/$app/$(echo "$measure" | tr 'A-Z' 'a-z')-p50"
    grep -qF "data-key=\"$key\">$value</td>" "$page.dom" || fail "$name: $key is not $value in the rendered DOM"
    checked=$((checked + 1))
  done < <(awk -v f="Failure $failure:" '
      index($0, f) == 1 { on = 1; next }
      on && /^Failure / { exit }
      on && /^  application +measure/ { table = 1; next }
      table && NF == 0 { exit }
      table && $2 == "RTO" { app = $1; print app, "RTO", $3 }
      table && $1 == "RPO" { print app, "RPO", $2 }' "$out/$name.txt")
  [ "$checked" -gt 0 ] || fail "$name: no application numbers found to check"
  echo "$name: $checked numbers found in the DOM, console clean"
  screenshot "$page" "$out/$name.png"
}
check_report classic "$src/scenarios/seed/classic-backup-restore.json" --trials 200
"$drsim" generate --resources 300 --seed 5 --out "$out/fleet-300.json" >/dev/null
check_report fleet-300 "$out/fleet-300.json" --trials 100

# 3. The sweep's and the strategies' pages: console clean, script ran.
check_page() {
  local name="$1" page="$out/$1.html"; shift
  "$drsim" "$@" --html "$page" >/dev/null 2>&1 || { fail "$name: drsim $1 failed"; return; }
  load "$page"
  [ -s "$page.console" ] && { fail "$name: console messages:"; cat "$page.console" >&2; }
  grep -q '<body data-ready="1">' "$page.dom" || fail "$name: the page's script did not run"
  grep -q 'data-key=".*/rto-p95">' "$page.dom" || fail "$name: no p95 RTO cells in the rendered DOM"
  echo "$name: console clean"
  screenshot "$page" "$out/$name.png"
}
check_page sweep sweep "$src/scenarios/sweeps/classic-schedules.json" --trials 50
check_page strategies strategies "$src/scenarios/seed/classic-backup-restore.json" --failure region-outage --trials 50

# 4. Escaping: a resource named <script>alert(1)</script> and an application named
# <img src=x onerror=alert(2)> show as text; the page holds its own script only.
sed -e 's/"orders-db"/"<script>alert(1)<\/script>"/g' -e 's/"shop"/"<img src=x onerror=alert(2)>"/g' \
  "$src/scenarios/seed/classic-backup-restore.json" >"$out/hostile.json"
page="$out/hostile.html"
"$drsim" run "$out/hostile.json" --trials 20 --html "$page" >/dev/null 2>&1 || fail "hostile: drsim run failed"
load "$page"
[ -s "$page.console" ] && { fail "hostile: console messages:"; cat "$page.console" >&2; }
grep -q '<body data-ready="1">' "$page.dom" || fail "hostile: the page's script did not run"
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$page.dom" || fail "hostile: the resource's name is not shown as text"
grep -qF '&lt;img src=x onerror=alert(2)&gt;' "$page.dom" || fail "hostile: the application's name is not shown as text"
[ "$(grep -o '<script' "$page.dom" | wc -l)" -eq 1 ] || fail "hostile: the rendered page has a script element besides its own"
grep -q '<img' "$page.dom" && fail "hostile: an <img> element got into the page"
screenshot "$page" "$out/hostile.png"

[ "$failures" -eq 0 ] || { echo "check-html-report: $failures failure(s)" >&2; exit 1; }
echo "check-html-report: all reports pass (screenshots in $out)"

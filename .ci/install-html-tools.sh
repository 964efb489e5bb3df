#!/usr/bin/env bash
# Installs what tests/html_tools.rs needs: a Java runtime for the Nu HTML
# Checker, Debian's Chromium, Node.js/npm, and the npm packages in
# tests/browser (vnu-jar, axe-core, playwright-core; playwright-core uses
# the system chromium and downloads no browser). Idempotent and
# non-interactive: it installs only what is missing.
set -euo pipefail

cd "$(dirname "$0")/.."

need_apt=()
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
# Chromium needs a font to draw text in screenshots and PDFs.
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)

if [ "${#need_apt[@]}" -gt 0 ]; then
    echo "install-html-tools: apt-get install ${need_apt[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

# npm ci is quick when node_modules already matches the lock file, but
# skip it entirely when every package is there.
if [ ! -f tests/browser/node_modules/vnu-jar/build/dist/vnu.jar ] ||
    [ ! -d tests/browser/node_modules/axe-core ] ||
    [ ! -d tests/browser/node_modules/playwright-core ]; then
    echo "install-html-tools: npm ci in tests/browser"
    (cd tests/browser && npm ci --no-audit --no-fund)
fi

java -version 2>&1 | head -n 1
/usr/bin/chromium --version
node --version

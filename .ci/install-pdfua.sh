#!/usr/bin/env bash
# Installs `pdfua` from PyPI (a partial PDF/UA-1 checker on pikepdf, no
# JVM), the third-party triage gate of tests/pdf_access.rs, into its own
# virtual environment, linked as /usr/local/bin/pdfua. Idempotent and
# non-interactive.
set -euo pipefail

version=0.1.3
if command -v pdfua >/dev/null 2>&1 && pdfua --version 2>/dev/null | grep -q "$version"; then
    echo "pdfua: present"
    exit 0
fi
if ! python3 -m venv --help >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends python3 python3-venv
fi
venv=/opt/readiness-pdfua
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet "pdfua==$version"
ln -sf "$venv/bin/pdfua" /usr/local/bin/pdfua
echo "pdfua: installed $version"

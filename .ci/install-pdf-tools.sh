#!/usr/bin/env bash
# Installs the external tools the PDF tests use (qpdf, pdffonts/pdftotext/
# pdftoppm from poppler-utils), the DejaVu fonts, and two CJK fonts the
# fallback-font tests embed (tests/fonts.rs: Droid Sans Fallback, a
# TrueType face; Noto Sans CJK, collections of CID-keyed CFF faces;
# Cantarell, name-keyed CFF). Idempotent and
# non-interactive: packages already present are not reinstalled.
set -euo pipefail

need=()
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
{ command -v pdffonts && command -v pdftotext && command -v pdftoppm; } >/dev/null 2>&1 || need+=(poppler-utils)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
[ -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ] || need+=(fonts-droid-fallback)
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
[ -f /usr/share/fonts/opentype/cantarell/Cantarell-Regular.otf ] || need+=(fonts-cantarell)

if [ ${#need[@]} -eq 0 ]; then
    echo "pdf tools: all present"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
echo "pdf tools: installed ${need[*]}"

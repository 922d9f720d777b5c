#!/usr/bin/env bash
# Install 责任图谱 into ./.venv on a fresh machine; with --dev also what the tests need.
# pkuseg 0.0.25 ships its model inside the sdist but builds only against an installed
# numpy/cython, hence the two-step install. Nothing is downloaded at run time.
set -euo pipefail
cd "$(dirname "$0")"
dev=0
[ "${1:-}" = "--dev" ] && dev=1
py=${PYTHON:-python3}
quiet=-q
[ -x .venv/bin/python ] || "$py" -m venv .venv
pip=".venv/bin/python -m pip"
$pip install $quiet --disable-pip-version-check --upgrade pip
$pip install $quiet --disable-pip-version-check numpy cython "setuptools>=68" wheel
.venv/bin/python -c "import pkuseg" 2>/dev/null \
  || $pip install $quiet --disable-pip-version-check --no-build-isolation pkuseg==0.0.25
if [ "$dev" = 1 ]; then
  $pip install $quiet --disable-pip-version-check -e ".[dev]"
  # Headless Chromium for the browser tests comes from Debian (test tools' own browser downloads fail).
  # fonts-noto-cjk: without a CJK font the browser draws Chinese as boxes in the screenshots.
  # LibreOffice (headless Calc and Writer) and poppler-utils render the exported workbook and Word
  # files to PDF for the print tests, as a clerk's office suite would print them.
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
      || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1 || ! command -v soffice >/dev/null \
      || ! command -v pdftotext >/dev/null; then
    sudo_=""; [ "$(id -u)" = 0 ] || sudo_="sudo"
    $sudo_ apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq \
      --no-install-recommends chromium chromium-driver fonts-noto-cjk libreoffice-calc libreoffice-writer \
      poppler-utils >/dev/null
  fi
  # Neo4j's own Cypher linter (runs offline under node) for the Cypher validity tests.
  if [ -f tools/cypher-lint/package.json ]; then
    (cd tools/cypher-lint && npm ci --silent --no-audit --no-fund >/dev/null)
  fi
else
  $pip install $quiet --disable-pip-version-check -e .
fi
echo "setup: done (.venv ready)"

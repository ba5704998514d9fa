#!/usr/bin/env bash
# Install and start the system services the tests use. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."

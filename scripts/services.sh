#!/usr/bin/env bash
# Install and start the system services the tests use. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."

# PostgreSQL for the store tests (tests/store): Debian's postgresql, cluster 15/main,
# a role and database matching DATELINE_TEST_PG (default below).
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
if ! command -v pg_ctlcluster >/dev/null || [[ ! -d /usr/lib/postgresql/15 ]]; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
fi
if ! pg_lsclusters -h 2>/dev/null | grep -q '^15 *main'; then
  as_root pg_createcluster 15 main >/dev/null
fi
if ! pg_lsclusters -h | grep -q '^15 *main .* online'; then
  as_root pg_ctlcluster 15 main start
fi
psql_pg() { as_root su postgres -c "psql -qtAX -v ON_ERROR_STOP=1 -c \"$1\""; }
for _ in $(seq 20); do psql_pg "select 1" >/dev/null 2>&1 && break; sleep 0.5; done
if [[ -z "$(psql_pg "select 1 from pg_roles where rolname='dateline'")" ]]; then
  psql_pg "create role dateline login password 'dateline'" >/dev/null
fi
if [[ -z "$(psql_pg "select 1 from pg_database where datname='dateline_test'")" ]]; then
  psql_pg "create database dateline_test owner dateline" >/dev/null
fi

# Headless Chromium for the web tests (tests/web), driven by the playwright package;
# Debian's build, never `playwright install` (that downloads a browser).
if [[ ! -x /usr/bin/chromium ]]; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium chromium-driver >/dev/null
fi

#!/usr/bin/env bash
# `make postgres`: a local PostgreSQL server for development and tests, ready for
# BORDERWATCH_TEST_POSTGRES_URL's default, postgresql+psycopg://borderwatch:borderwatch@localhost:5432/borderwatch.
# Installs the server with apt when there is none, starts any cluster that is down, and
# creates the role (allowed to create databases: each test makes its own) and its database.
# Safe to run again: it only does what is missing. Debian or Ubuntu; root or sudo.
set -euo pipefail

ROLE=${BORDERWATCH_PG_ROLE:-borderwatch}
PASSWORD=${BORDERWATCH_PG_PASSWORD:-borderwatch}
DATABASE=${BORDERWATCH_PG_DATABASE:-borderwatch}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
# From /, so psql does not complain that the postgres user cannot read the working directory.
as_postgres() { (cd / && if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi); }

if ! command -v pg_lsclusters >/dev/null 2>&1; then
  echo "installing postgresql with apt"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
if [ -z "$(pg_lsclusters -h)" ]; then
  # Some images install the server without creating a cluster.
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  as_root pg_createcluster "$version" main
fi
pg_lsclusters -h | while read -r version cluster _port status _rest; do
  # pg_ctlcluster waits until the server accepts connections.
  if [ "$status" != online ]; then as_root pg_ctlcluster "$version" "$cluster" start; fi
done
pg_isready -q -h localhost

as_postgres psql -v ON_ERROR_STOP=1 -q -v role="$ROLE" -v password="$PASSWORD" <<'SQL'
SELECT NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') AS missing \gset
\if :missing
  CREATE ROLE :"role" LOGIN CREATEDB PASSWORD :'password';
\endif
SQL
if [ "$(as_postgres psql -Atq -c "SELECT count(*) FROM pg_database WHERE datname = '$DATABASE'")" = 0 ]; then
  as_postgres createdb --owner="$ROLE" "$DATABASE"
fi
echo "PostgreSQL ready: postgresql+psycopg://$ROLE:***@localhost:5432/$DATABASE"

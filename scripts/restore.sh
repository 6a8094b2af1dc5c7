#!/usr/bin/env bash
# Restore a dump made by scripts/backup.sh into an EMPTY PostgreSQL database, all of it or none of it,
# then show what is there.
#
#   scripts/restore.sh FILE.dump [DATABASE_URL]     (the URL defaults to $DATABASE_URL)
#
# To replace a damaged database: stop the app instances, then
#   dropdb NAME && createdb --owner=ROLE NAME && scripts/restore.sh FILE.dump URL
# and start them again; each migrates the restored data to its own schema on start.
set -euo pipefail

usage="usage: scripts/restore.sh FILE.dump [DATABASE_URL]"
dump=${1:?$usage}
url=${2:-${DATABASE_URL:-}}
case "$url" in
  postgresql://* | postgresql+psycopg://*) ;;
  *) echo "error: no PostgreSQL URL given; $usage" >&2; exit 2 ;;
esac
[ -r "$dump" ] || { echo "error: cannot read $dump" >&2; exit 2; }
libpq_url=${url/postgresql+psycopg:/postgresql:}

tables=$(psql -Atq --dbname="$libpq_url" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != 0 ]; then
  echo "error: the target database already has $tables table(s); restore only into an empty database" >&2
  exit 1
fi
# One transaction: a dump that fails part-way leaves the database as empty as it was.
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$libpq_url" "$dump"
psql -Atq --dbname="$libpq_url" -F ' ' -c "
  SELECT 'restored: schema ' || (SELECT version_num FROM alembic_version) || ';',
         (SELECT count(*) FROM batches) || ' batches,', (SELECT count(*) FROM crossings) || ' crossings,',
         (SELECT count(*) FROM parties) || ' parties,', (SELECT count(*) FROM reports) || ' reports,',
         (SELECT count(*) FROM authorisations) || ' authorisations'"

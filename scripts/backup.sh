#!/usr/bin/env bash
# Back up a Borderwatch PostgreSQL database with pg_dump (custom format), safely while the app runs:
# pg_dump reads one consistent snapshot, so a batch being written is in the dump whole or not at all.
#
#   scripts/backup.sh FILE.dump [DATABASE_URL]      (the URL defaults to $DATABASE_URL)
#
# The file is written under a temporary name and renamed only once pg_restore can list it.
set -euo pipefail

usage="usage: scripts/backup.sh FILE.dump [DATABASE_URL]"
out=${1:?$usage}
url=${2:-${DATABASE_URL:-}}
case "$url" in
  postgresql://* | postgresql+psycopg://*) ;;
  sqlite:*) echo "error: $url is SQLite: copy the file (or \`python -m geo copy\` it) instead" >&2; exit 2 ;;
  *) echo "error: no PostgreSQL URL given; $usage" >&2; exit 2 ;;
esac
# libpq wants the plain scheme, without SQLAlchemy's driver name.
libpq_url=${url/postgresql+psycopg:/postgresql:}

pg_dump --format=custom --no-owner --no-privileges --file="$out.partial" --dbname="$libpq_url"
pg_restore --list "$out.partial" >/dev/null
mv "$out.partial" "$out"
echo "backed up to $out ($(du -h "$out" | cut -f1))"

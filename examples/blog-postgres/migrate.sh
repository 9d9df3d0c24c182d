#!/usr/bin/env bash
# Creates the blog example's tables in the database at BLOG_DATABASE_URL
# (default: the local test database). Safe to run twice.
set -euo pipefail
url="${BLOG_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}"
cd "$(dirname "$0")"
for f in migrations/*.sql; do
  echo "applying $f"
  psql "$url" -v ON_ERROR_STOP=1 -q -f "$f"
done

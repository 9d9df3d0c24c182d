#!/usr/bin/env bash
# npm-ci.sh DIR...: installs each DIR's pinned npm packages (npm ci) unless
# node_modules already matches DIR's package.json and package-lock.json.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
for dir in "$@"; do
	d="$root/$dir"
	stamp="$d/node_modules/.appsync-local-lock.sha256"
	sum="$(cat "$d/package.json" "$d/package-lock.json" | sha256sum | cut -d' ' -f1)"
	if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$sum" ]]; then
		(cd "$d" && npm ci --no-audit --no-fund)
		echo "$sum" >"$stamp"
	fi
done

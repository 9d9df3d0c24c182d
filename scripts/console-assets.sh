#!/usr/bin/env bash
# Installs the graph layout library pinned in stepfunctions/console/web/package-lock.json
# from npm and copies its browser bundle into stepfunctions/console/dist/, which the
# Go package embeds. Idempotent: npm ci runs only when node_modules is missing or
# package*.json changed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
web="$root/stepfunctions/console/web"
dist="$root/stepfunctions/console/dist"
stamp="$web/node_modules/.appsync-local-lock.sha256"

sum="$(cat "$web/package.json" "$web/package-lock.json" | sha256sum | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$sum" ]]; then
	(cd "$web" && npm ci --no-audit --no-fund)
	echo "$sum" >"$stamp"
fi

files=(
	@dagrejs/dagre/dist/dagre.min.js
)
mkdir -p "$dist"
for f in "${files[@]}"; do
	src="$web/node_modules/$f"
	dst="$dist/$(basename "$f")"
	[[ -f "$src" ]] || { echo "console-assets: missing $src" >&2; exit 1; }
	# Copy only what changed, so an up-to-date tree keeps its mtimes and go's build cache.
	cmp -s "$src" "$dst" || cp "$src" "$dst"
done

#!/usr/bin/env bash
# Installs the GraphiQL and React bundles pinned in server/playground/web/package-lock.json
# from npm and copies them into server/playground/dist/, which the Go package embeds.
# Idempotent: npm ci runs only when node_modules is missing or package*.json changed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
web="$root/server/playground/web"
dist="$root/server/playground/dist"
stamp="$web/node_modules/.appsync-local-lock.sha256"

sum="$(cat "$web/package.json" "$web/package-lock.json" | sha256sum | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$sum" ]]; then
	(cd "$web" && npm ci --no-audit --no-fund)
	echo "$sum" >"$stamp"
fi

files=(
	graphiql/graphiql.min.js
	graphiql/graphiql.min.css
	react/umd/react.production.min.js
	react-dom/umd/react-dom.production.min.js
)
mkdir -p "$dist"
for f in "${files[@]}"; do
	src="$web/node_modules/$f"
	dst="$dist/$(basename "$f")"
	[[ -f "$src" ]] || { echo "playground-assets: missing $src" >&2; exit 1; }
	# Copy only what changed, so an up-to-date tree keeps its mtimes and go's build cache.
	cmp -s "$src" "$dst" || cp "$src" "$dst"
done

#!/usr/bin/env bash
# Installs jsonata-js, pinned in stepfunctions/jsonata/js/package-lock.json, from npm
# and copies its bundle (and licence) into stepfunctions/jsonata/bundle/, which the
# Go package embeds. Idempotent: npm ci runs only when node_modules is missing or
# package*.json changed, and files are copied only when they differ.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
js="$root/stepfunctions/jsonata/js"
dist="$root/stepfunctions/jsonata/bundle"

bash "$root/scripts/npm-ci.sh" stepfunctions/jsonata/js

files=(
	jsonata/jsonata.min.js
	jsonata/LICENSE
)
mkdir -p "$dist"
for f in "${files[@]}"; do
	src="$js/node_modules/$f"
	dst="$dist/$(basename "$f")"
	[[ -f "$src" ]] || { echo "jsonata-assets: missing $src" >&2; exit 1; }
	# Copy only what changed, so an up-to-date tree keeps its mtimes and go's build cache.
	cmp -s "$src" "$dst" || cp "$src" "$dst"
done

#!/usr/bin/env bash
# Makes sure Debian's chromium is at /usr/bin/chromium for the browser tests (e2e/).
# Installs it with apt-get when we are root; otherwise says how to install it.
set -euo pipefail

if [[ -x /usr/bin/chromium ]]; then
	exit 0
fi
if [[ "$(id -u)" -ne 0 ]]; then
	echo "install-chromium: /usr/bin/chromium is missing and we are not root;" >&2
	echo "install it with: sudo apt-get update && sudo apt-get install -y chromium" >&2
	exit 1
fi
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

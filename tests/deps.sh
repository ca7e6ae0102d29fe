#!/bin/sh
# Installs the Debian packages named as arguments, or says exactly how to.
# Called by `make deps` when pkg-config or tmux finds something missing.
set -e
missing=""
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo"
else
	echo "opdeck: missing packages:$missing; run: sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "opdeck: installing$missing" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq$missing >/dev/null

#!/usr/bin/env bash
# Sets up assistantd on a fresh Debian machine and runs the scripted demo against a private Mosquitto.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! [ -x /usr/sbin/mosquitto ] && ! command -v mosquitto >/dev/null; then
    echo "Installing mosquitto (Debian package)"
    sudo_cmd=()
    [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends mosquitto
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[model]'
exec .venv/bin/assistantd demo "$@"

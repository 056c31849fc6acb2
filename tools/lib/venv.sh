#!/bin/bash
#
# tools/lib/venv.sh: sourced by tools/gate and tools/test. Creates .venv
# and installs the project, the local cloud's services and the test tools
# at the versions pinned in constraints.txt. Reinstalls only when one of the
# requirement files changed since the last install.

NGV2_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
NGV2_VENV=${NGV2_VENV:-$NGV2_TOP/.venv}
NGV2_PYTHON=${NGV2_PYTHON:-python3}

function ngv2_bootstrap_venv {
    local stamp="$NGV2_VENV/.ngv2-installed"
    local wanted
    wanted=$(cd "$NGV2_TOP" && cat constraints.txt pyproject.toml \
        requirements-cloud.txt test-requirements.txt | sha256sum)
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
        return 0
    fi
    if [[ ! -x "$NGV2_VENV/bin/python" ]]; then
        echo "Creating $NGV2_VENV" >&2
        "$NGV2_PYTHON" -m venv "$NGV2_VENV"
    fi
    echo "Installing nova-glance-v2 and its pinned dependencies" >&2
    "$NGV2_VENV/bin/pip" install --quiet --disable-pip-version-check \
        -c "$NGV2_TOP/constraints.txt" -e "$NGV2_TOP" \
        -r "$NGV2_TOP/requirements-cloud.txt" \
        -r "$NGV2_TOP/test-requirements.txt"
    echo "$wanted" > "$stamp"
}

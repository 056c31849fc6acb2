#!/bin/bash
#
# tools/lib/venv.sh: sourced by tools/gate, tools/test and tools/lint.
# Creates the project's venvs and installs into them at the versions
# pinned in their constraints files. Reinstalls only when one of the
# requirement files changed since the last install.
#
#   .venv       the project, its development harness (harness/), the local
#               cloud's services and the test tools (constraints.txt)
#   .venv-zuul  zuul and the docs tools (constraints-zuul.txt): zuul needs
#               a tzlocal and a cryptography the OpenStack services do
#               not share (see the comments of both files)

NGV2_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
NGV2_VENV=${NGV2_VENV:-$NGV2_TOP/.venv}
NGV2_ZUUL_VENV=${NGV2_ZUUL_VENV:-$NGV2_TOP/.venv-zuul}
NGV2_PYTHON=${NGV2_PYTHON:-python3}

# ngv2_apt_install PACKAGE...
#
# Install Debian packages a fresh machine lacks (it has Python, pip and
# apt, not necessarily the rest), with sudo unless we are root.
function ngv2_apt_install {
    local -a sudo_cmd=()
    command -v apt-get >/dev/null || return 1
    if [[ $(id -u) -ne 0 ]]; then
        sudo_cmd=(sudo)
    fi
    echo "== installing $* (apt-get)" >&2
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install \
        -y --no-install-recommends "$@" >&2 || {
        "${sudo_cmd[@]}" apt-get update >&2 &&
            "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive \
                apt-get install -y --no-install-recommends "$@" >&2
    }
}

# _ngv2_missing_prerequisites: the Debian packages of what the bootstrap
# and tools/lint need from the machine that it lacks, one per line.
function _ngv2_missing_prerequisites {
    "$NGV2_PYTHON" -c 'import venv, ensurepip' 2>/dev/null \
        || echo python3-venv
    command -v git >/dev/null || echo git
    # uWSGI is built from source.
    command -v gcc >/dev/null || echo gcc
    "$NGV2_PYTHON" -c 'import os, sysconfig; p = sysconfig.get_paths()
raise SystemExit(not os.path.exists(os.path.join(p["include"], "Python.h")))' \
        2>/dev/null || echo python3-dev
}

# What the bootstrap and tools/lint need from the machine: checked first
# and installed with apt-get when missing, so that a clean machine gets
# them, or one line naming what to install, instead of a compiler error
# half way through pip.
function ngv2_check_prerequisites {
    local -a missing
    mapfile -t missing < <(_ngv2_missing_prerequisites)
    if [[ ${#missing[@]} -gt 0 ]]; then
        ngv2_apt_install "${missing[@]}" || true
        mapfile -t missing < <(_ngv2_missing_prerequisites)
    fi
    if [[ ${#missing[@]} -gt 0 ]]; then
        echo "nova-glance-v2: missing: ${missing[*]}" >&2
        return 2
    fi
}

# _ngv2_install_venv VENV WHAT FILE... -- PIP_ARGUMENT...
#
# Create VENV if needed and run "pip install PIP_ARGUMENT..." there,
# unless the FILEs it depends on are unchanged since the last install.
function _ngv2_install_venv {
    local venv=$1
    local what=$2
    local -a files=()
    local stamp="$venv/.ngv2-installed"
    local wanted
    shift 2
    while [[ "$1" != "--" ]]; do
        files+=("$NGV2_TOP/$1")
        shift
    done
    shift
    wanted=$(cat "${files[@]}" | sha256sum)
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
        return 0
    fi
    ngv2_check_prerequisites || exit 2
    if [[ ! -x "$venv/bin/python" ]]; then
        echo "Creating $venv" >&2
        "$NGV2_PYTHON" -m venv "$venv"
    fi
    echo "Installing $what" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$@"
    echo "$wanted" > "$stamp"
}

function ngv2_bootstrap_venv {
    _ngv2_install_venv "$NGV2_VENV" \
        "nova-glance-v2 and its pinned dependencies" \
        constraints.txt pyproject.toml setup.cfg requirements.txt \
        requirements-cloud.txt \
        test-requirements.txt harness/setup.cfg harness/requirements.txt -- \
        -c "$NGV2_TOP/constraints.txt" -e "$NGV2_TOP" -e "$NGV2_TOP/harness" \
        -r "$NGV2_TOP/requirements-cloud.txt" \
        -r "$NGV2_TOP/test-requirements.txt"
}

function ngv2_bootstrap_zuul_venv {
    _ngv2_install_venv "$NGV2_ZUUL_VENV" "zuul and the docs tools" \
        constraints-zuul.txt requirements-zuul.txt -- \
        -c "$NGV2_TOP/constraints-zuul.txt" \
        -r "$NGV2_TOP/requirements-zuul.txt"
}

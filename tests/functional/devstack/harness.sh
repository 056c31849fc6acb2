#!/bin/bash
#
# tests/functional/devstack/harness.sh: run devstack plugins the way
# devstack does, without devstack.
#
# It implements the part of devstack's plugin API that plugins rely on
# (doc/source/plugins.rst, functions-common, inc/python): the
# ``enable_plugin`` / ``define_plugin`` / ``plugin_requires`` and service
# functions, ``trueorfalse``, ``echo_summary``, ``die``, ``warn``, and the
# python install helpers mapped onto real pip in a real virtualenv with
# upper-constraints applied. Then it drives the plugins like stack.sh,
# unstack.sh and clean.sh: override-defaults, settings, then plugin.sh
# sourced with each mode and phase in devstack's order, in a shell with
# errexit, nounset (devstack's NOUNSET) and xtrace on.
#
# Usage: harness.sh SCRIPT...    SCRIPT is stack, unstack or clean; each
# runs in a shell of its own, as devstack's scripts do.
#
# Environment:
#   NGV2_HARNESS_LOCALRC   the localrc section of local.conf (required):
#                          enable_plugin lines, variables, enable_service
#   NGV2_HARNESS_DIR       the harness's $DEST, $DATA_DIR and
#                          $REQUIREMENTS_DIR go under it (required)
#   NGV2_HARNESS_UPPER_CONSTRAINTS  the upper-constraints.txt to apply
#   NGV2_HARNESS_PYTHON    the python that creates $DEVSTACK_VENV
#   NGV2_HARNESS_BASE_SITE a site-packages directory $DEVSTACK_VENV sees,
#                          standing for what devstack installed before
#                          the plugins (nova, glance, keystone, ...)
# plus the globals devstack's stackrc and lib/* would set (GLANCE_URL,
# REGION_NAME, NOVA_CONF, NOVA_CPU_CONF, NOVA_CONF_DIR, TEMPEST_CONFIG,
# OPENSTACKCLIENT_CONF_DIR, ...), taken from the environment.
#
# The harness prints "harness: <mode> <phase> done" after each plugin call
# and "harness: <script> done" at the end of each script.

set -o errexit
set -o nounset
set -o pipefail
set -o xtrace

TOP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
HARNESS_DIR=${NGV2_HARNESS_DIR:?NGV2_HARNESS_DIR is required}
HARNESS_LOCALRC=${NGV2_HARNESS_LOCALRC:?NGV2_HARNESS_LOCALRC is required}


# Output and errors (functions-common)
# ====================================

function echo_summary {
    echo "harness: summary: $*"
}

function err {
    local xtrace
    xtrace=$(set +o | grep xtrace)
    set +o xtrace
    echo "[ERROR] ${BASH_SOURCE[2]:-}:$1 $2" >&2
    $xtrace
}

function die {
    local exitcode=$?
    set +o xtrace
    local line=$1
    shift
    if [[ $exitcode == 0 ]]; then
        exitcode=1
    fi
    err "$line" "$*"
    exit "$exitcode"
}

function warn {
    local exitcode=$?
    local xtrace
    xtrace=$(set +o | grep xtrace)
    set +o xtrace
    echo "[WARNING] ${BASH_SOURCE[2]:-}:$1 $2"
    $xtrace
    return $exitcode
}

# VAL=$(trueorfalse default VAR): True, False, or default when unset.
function trueorfalse {
    local xtrace
    xtrace=$(set +o | grep xtrace)
    set +o xtrace
    local default=$1
    if [[ -z "${2:-}" ]]; then
        die $LINENO "variable to normalize required"
    fi
    local value=${!2:-}
    case "$value" in
        1 | [yY]es | YES | [tT]rue | TRUE) echo "True" ;;
        0 | [nN]o | NO | [fF]alse | FALSE) echo "False" ;;
        *) echo "$default" ;;
    esac
    $xtrace
}

function time_start {
    :
}

function time_stop {
    :
}

function GetOSVersion {
    os_PACKAGE=${os_PACKAGE:-deb}
}


# Services (functions-common)
# ===========================

function _cleanup_service_list {
    local list=",$1,"
    while [[ "$list" == *,,* ]]; do
        list=${list//,,/,}
    done
    list=${list#,}
    echo "${list%,}"
}

# is_service_enabled service...: true when any is enabled; nova, glance,
# swift, neutron are catch-alls for their n-, g-, s-, q- services.
function is_service_enabled {
    local xtrace
    xtrace=$(set +o | grep xtrace)
    set +o xtrace
    local enabled=1
    local service
    for service in "$@"; do
        [[ ",$ENABLED_SERVICES," == *",$service,"* ]] && enabled=0
        [[ $service == nova && ",$ENABLED_SERVICES" == *,n-* ]] && enabled=0
        [[ $service == glance && ",$ENABLED_SERVICES" == *,g-* ]] && enabled=0
        [[ $service == neutron && ",$ENABLED_SERVICES" == *,q-* ]] && enabled=0
        [[ $service == swift && ",$ENABLED_SERVICES" == *,s-* ]] && enabled=0
    done
    $xtrace
    return $enabled
}

function disable_service {
    local xtrace
    xtrace=$(set +o | grep xtrace)
    set +o xtrace
    local service
    local enabled=",$ENABLED_SERVICES,"
    for service in "$@"; do
        DISABLED_SERVICES+=",$service"
        enabled=${enabled//,$service,/,}
    done
    DISABLED_SERVICES=$(_cleanup_service_list "$DISABLED_SERVICES")
    ENABLED_SERVICES=$(_cleanup_service_list "$enabled")
    $xtrace
}

# enable_service refuses a service local.conf disabled, as devstack does.
function enable_service {
    local xtrace
    xtrace=$(set +o | grep xtrace)
    set +o xtrace
    local service
    for service in "$@"; do
        if [[ ",$DISABLED_SERVICES," == *",$service,"* ]]; then
            warn $LINENO "Attempt to enable_service $service when it has been disabled"
            continue
        fi
        if ! is_service_enabled "$service"; then
            ENABLED_SERVICES+=",$service"
        fi
    done
    ENABLED_SERVICES=$(_cleanup_service_list "$ENABLED_SERVICES")
    $xtrace
}


# Plugins (functions-common)
# ==========================

declare -A GITREPO GITDIR GITBRANCH

function is_plugin_enabled {
    [[ ",$DEVSTACK_PLUGINS," == *",$1,"* ]]
}

# enable_plugin name url [branch]: a local directory stands for the clone.
function enable_plugin {
    local name=$1
    local url=$2
    local branch=${3:-master}
    if is_plugin_enabled "$name"; then
        die $LINENO "Plugin attempted to be enabled twice: $name $url $branch"
    fi
    if [[ ! -d "$url/devstack" ]]; then
        die $LINENO "the harness takes a local checkout, not $url"
    fi
    DEVSTACK_PLUGINS+=",$name"
    GITREPO[$name]=$url
    GITDIR[$name]=$url
    GITBRANCH[$name]=$branch
}

function define_plugin {
    :
}

function plugin_requires {
    :
}

# The plugin checkouts in registration order, in the array plugin_dirs.
function _plugin_dirs {
    local plugin
    plugin_dirs=()
    for plugin in ${DEVSTACK_PLUGINS//,/ }; do
        plugin_dirs+=("${GITDIR[$plugin]}")
    done
}

function plugin_override_defaults {
    local dir
    local -a plugin_dirs
    _plugin_dirs
    for dir in "${plugin_dirs[@]}"; do
        if [[ -f "$dir/devstack/override-defaults" ]]; then
            source "$dir/devstack/override-defaults"
        fi
    done
}

function load_plugin_settings {
    local dir
    local -a plugin_dirs
    _plugin_dirs
    for dir in "${plugin_dirs[@]}"; do
        if [[ -f "$dir/devstack/settings" ]]; then
            source "$dir/devstack/settings"
        fi
    done
}

# run_plugins mode [phase]: source each plugin.sh as devstack does, and
# check it left the shell as it found it.
function run_plugins {
    local mode=$1
    local phase=${2:-}
    local dir
    local before
    local after
    local -a plugin_dirs
    _plugin_dirs
    for dir in "${plugin_dirs[@]}"; do
        if [[ ! -f "$dir/devstack/plugin.sh" ]]; then
            continue
        fi
        before=$(set +o | grep -E 'xtrace|errexit|nounset')
        # shellcheck disable=SC2086 # devstack passes the phase unquoted
        source "$dir/devstack/plugin.sh" "$mode" $phase
        after=$(set +o | grep -E 'xtrace|errexit|nounset')
        if [[ "$before" != "$after" ]]; then
            die $LINENO "$dir/devstack/plugin.sh $mode $phase changed" \
                "shell options: $before -> $after"
        fi
        echo "harness: $mode${phase:+ $phase} done"
    done
}

function run_phase {
    local mode=$1
    local phase=${2:-}
    if [[ "$mode" == "source" ]]; then
        load_plugin_settings
    elif [[ "$mode" == "override_defaults" ]]; then
        plugin_override_defaults
    else
        run_plugins "$mode" "$phase"
    fi
}


# Python (inc/python)
# ===================

declare -A -g PROJECT_VENV

function get_python_exec_prefix {
    if [[ "$GLOBAL_VENV" == "True" ]]; then
        echo "$DEVSTACK_VENV/bin"
    else
        echo "/usr/local/bin"
    fi
}

# The global venv of stack.sh; NGV2_HARNESS_BASE_SITE stands for what
# devstack installed into it before the plugins run.
function setup_devstack_virtualenv {
    if [[ ! -d "$DEVSTACK_VENV" ]]; then
        "${NGV2_HARNESS_PYTHON:-python3}" -m venv --without-pip \
            "$DEVSTACK_VENV"
        if [[ -n "${NGV2_HARNESS_BASE_SITE:-}" ]]; then
            local site
            site=$("$DEVSTACK_VENV/bin/python" -c \
                'import sysconfig; print(sysconfig.get_path("purelib"))')
            printf 'import site; site.addsitedir(%s)\n' \
                "$("$DEVSTACK_VENV/bin/python" -c \
                'import sys; print(repr(sys.argv[1]))' \
                "$NGV2_HARNESS_BASE_SITE")" > "$site/devstack-base.pth"
        fi
    fi
    export PATH="$DEVSTACK_VENV/bin:$PATH"
    export PYTHON="$DEVSTACK_VENV/bin/python3"
}

# pip_install pip-arguments: real pip into $DEVSTACK_VENV, always with
# devstack's upper-constraints.
function pip_install {
    local offline=${OFFLINE:-False}
    if [[ "$offline" == "True" || $# -eq 0 ]]; then
        return 0
    fi
    local upgrade=()
    if [[ "$(trueorfalse False PIP_UPGRADE)" == "True" ]]; then
        upgrade=(--upgrade)
    fi
    "$DEVSTACK_VENV/bin/python" -m pip install --disable-pip-version-check \
        -c "$REQUIREMENTS_DIR/upper-constraints.txt" "${upgrade[@]}" "$@"
}

function use_library_from_git {
    [[ ${LIBS_FROM_GIT:-} == ALL || ",${LIBS_FROM_GIT:-}," == *",$1,"* ]]
}

# _setup_package_with_constraints_edit [-bindep] dir flags [extras]:
# drop the package from upper-constraints (devstack's edit-constraints),
# then install it from dir.
function _setup_package_with_constraints_edit {
    if [[ $1 == -bindep* ]]; then
        shift
    fi
    local project_dir
    project_dir=$(cd "$1" && pwd)
    local flags=${2:-}
    local extras=${3:-}
    local name=""
    if [[ -f "$project_dir/setup.cfg" ]]; then
        name=$(awk '/^name.*=/ {print $3}' "$project_dir/setup.cfg")
    fi
    if [[ -z "$name" ]]; then
        name=$(awk '/^name =/ {gsub(/"/, "", $3); print $3}' \
            "$project_dir/pyproject.toml")
    fi
    local constraints="$REQUIREMENTS_DIR/upper-constraints.txt"
    grep -v -i -E "^${name}([<>=!~; ]|$)" "$constraints" \
        > "$constraints.new" || true
    mv "$constraints.new" "$constraints"
    setup_package "$project_dir" "$flags" "$extras"
}

function setup_package {
    if [[ $1 == -bindep* ]]; then
        shift
    fi
    local project_dir=$1
    local flags=${2:-}
    local extras=${3:-}
    if [[ -n "$flags" && -z "$extras" && ! "$flags" =~ ^- ]]; then
        extras=$flags
        flags=""
    fi
    if [[ -n "$extras" ]]; then
        extras="[$extras]"
    fi
    # shellcheck disable=SC2086 # flags are words, as in devstack
    pip_install $flags "$project_dir$extras"
}

function setup_develop {
    local bindep=()
    if [[ $1 == -bindep* ]]; then
        bindep=("$1")
        shift
    fi
    _setup_package_with_constraints_edit "${bindep[@]}" "$1" -e "${2:-}"
}

function setup_install {
    local bindep=()
    if [[ $1 == -bindep* ]]; then
        bindep=("$1")
        shift
    fi
    _setup_package_with_constraints_edit "${bindep[@]}" "$1" "" "${2:-}"
}

function setup_dev_lib {
    local bindep=()
    if [[ $1 == -bindep* ]]; then
        bindep=("$1")
        shift
    fi
    setup_develop "${bindep[@]}" "${GITDIR[$1]}" "${2:-}"
}

function setup_lib {
    setup_install "${GITDIR[$1]}"
}


# stackrc: devstack's defaults, then local.conf's localrc section
# ===============================================================

DEST=${DEST:-$HARNESS_DIR/opt-stack}
DATA_DIR=${DATA_DIR:-$DEST/data}
REQUIREMENTS_DIR=${REQUIREMENTS_DIR:-$DEST/requirements}
GLOBAL_VENV=${GLOBAL_VENV:-True}
DEVSTACK_VENV=${DEVSTACK_VENV:-$DATA_DIR/venv}
OFFLINE=${OFFLINE:-False}
LIBS_FROM_GIT=${LIBS_FROM_GIT:-}
REGION_NAME=${REGION_NAME:-RegionOne}
ENABLED_SERVICES=${ENABLED_SERVICES:-key,g-api,n-api,n-cond,n-sch,n-cpu,placement-api,tempest}
DISABLED_SERVICES=""
DEVSTACK_PLUGINS=""
os_PACKAGE=deb

# localrc holds passwords: keep it out of the trace, as the plugin must.
set +o xtrace
source "$HARNESS_LOCALRC"
set -o xtrace

# The plugin phases, in stack.sh's order.
STACK_PHASES="pre-install install post-config extra test-config"

function run_script {
    local script=$1
    echo "harness: $script"
    run_phase override_defaults
    run_phase source
    case "$script" in
        stack)
            mkdir -p "$DEST" "$DATA_DIR" "$REQUIREMENTS_DIR"
            if [[ ! -f "$REQUIREMENTS_DIR/upper-constraints.txt" ]]; then
                if [[ -n "${NGV2_HARNESS_UPPER_CONSTRAINTS:-}" ]]; then
                    cp "$NGV2_HARNESS_UPPER_CONSTRAINTS" \
                        "$REQUIREMENTS_DIR/upper-constraints.txt"
                else
                    : > "$REQUIREMENTS_DIR/upper-constraints.txt"
                fi
            fi
            if [[ "$GLOBAL_VENV" == "True" ]]; then
                setup_devstack_virtualenv
            fi
            local phase
            for phase in $STACK_PHASES; do
                run_phase stack "$phase"
            done
            ;;
        unstack | clean)
            run_phase "$script"
            ;;
        *)
            die $LINENO "unknown script $script: stack, unstack or clean"
            ;;
    esac
    echo "harness: $script done"
}

if [[ $# -eq 0 ]]; then
    die $LINENO "usage: harness.sh stack|unstack|clean..."
fi
for script in "$@"; do
    (run_script "$script")
done

#!/bin/bash
#
# devstack/plugin.sh - dispatch of the nova-glance-v2 devstack plugin
#
# devstack sources this as ``plugin.sh <mode> [phase]``; see
# devstack/lib/nova-glance-v2 for what each function does.

# Save trace setting
_XTRACE_NOVA_GLANCE_V2_PLUGIN=$(set +o | grep xtrace)
set -o xtrace

if is_service_enabled nova-glance-v2; then
    source "$NOVA_GLANCE_V2_DIR/devstack/lib/nova-glance-v2"

    if [[ "${1:-}" == "stack" && "${2:-}" == "install" ]]; then
        echo_summary "Installing nova-glance-v2"
        install_nova_glance_v2

    elif [[ "${1:-}" == "stack" && "${2:-}" == "post-config" ]]; then
        if is_service_enabled nova; then
            echo_summary "Configuring nova's [glance] for the image API v2"
            configure_nova_glance_v2
        fi

    elif [[ "${1:-}" == "stack" && "${2:-}" == "extra" ]]; then
        if is_service_enabled glance; then
            echo_summary "Registering glance v2 as the default image endpoint"
            init_nova_glance_v2
        fi
        if [[ "$NOVA_GLANCE_V2_VERIFY" == "True" ]] && \
                is_service_enabled glance && is_service_enabled nova; then
            echo_summary "Verifying nova uses the image API v2"
            verify_nova_glance_v2
        fi

    elif [[ "${1:-}" == "stack" && "${2:-}" == "test-config" ]]; then
        if is_service_enabled tempest; then
            echo_summary "Configuring tempest for the image API v2"
            configure_tempest_nova_glance_v2
        fi
    fi

    if [[ "${1:-}" == "unstack" || "${1:-}" == "clean" ]]; then
        # Nothing destructive: see cleanup_nova_glance_v2.
        cleanup_nova_glance_v2
    fi
fi

# Restore xtrace
$_XTRACE_NOVA_GLANCE_V2_PLUGIN

#!/usr/bin/env bash
#
# devstack/upgrade/upgrade.sh - nova-glance-v2's step of a grenade upgrade
#
# Run by grenade on the new side, after nova was upgraded and started
# with the configuration the old side left: a v1-era catalog and legacy
# [glance] options (resources.sh create put them back). It does what the
# devstack plugin does on a fresh cloud, with the same functions (each one
# nova-glance-v2 command): install the command, apply the wrapper-free
# series to the new nova tree, converge nova's config files and the
# catalog, restart nova so it runs both, and verify.

echo "*********************************************************************"
echo "Begin $0"
echo "*********************************************************************"

set -o errexit

source "$GRENADE_DIR/grenaderc"
source "$GRENADE_DIR/functions"

# The target devstack's variables ($NOVA_CONF, $GLANCE_URL...) and the
# new side's localrc, which carries the NOVA_GLANCE_V2_* settings.
source "$TARGET_DEVSTACK_DIR/stackrc"
source "$TARGET_DEVSTACK_DIR/lib/tls"
source "$TARGET_DEVSTACK_DIR/lib/apache"
source "$TARGET_DEVSTACK_DIR/lib/glance"
source "$TARGET_DEVSTACK_DIR/lib/nova"

NOVA_GLANCE_V2_UPGRADE_DIR=$(cd "$(dirname "$0")" && pwd)
source "$NOVA_GLANCE_V2_UPGRADE_DIR/../settings"
source "$NOVA_GLANCE_V2_DIR/devstack/lib/nova-glance-v2"

set -o xtrace

# Keep the v1-era files as they were, next to grenade's other saves.
[[ -d $SAVE_DIR/etc.nova-glance-v2 ]] || \
    cp -pr "$NOVA_CONF_DIR" "$SAVE_DIR/etc.nova-glance-v2"

# With NOVA_GLANCE_V2_NOVA_PATCHES (the new side's default), installing
# also applies the wrapper-free series to $DEST/nova.
install_nova_glance_v2
configure_nova_glance_v2
init_nova_glance_v2

# nova was started by its own upgrade step, before this one: restart its
# services so they load the converged config (and the patched tree).
restart_service 'devstack@n-*.service'
ensure_services_started nova-api

if [[ "$NOVA_GLANCE_V2_VERIFY" == "True" ]]; then
    verify_nova_glance_v2
fi

set +o xtrace
echo "*********************************************************************"
echo "SUCCESS: End $0"
echo "*********************************************************************"

#!/bin/bash
#
# devstack/upgrade/resources.sh - what nova-glance-v2 keeps across a
# grenade upgrade
#
# grenade's resource interface (see its PLUGINS.rst):
#   create               an image, and the v1-era state (legacy catalog
#                        endpoints and [glance] options) on the old side
#   verify pre-upgrade   the image is active; nova's files are still legacy
#   verify_noapi         (services down) nova's file is as create left it
#   verify post-upgrade  the image is intact; catalog and nova converged
#   destroy              the image
# Every check is a nova-glance-v2 or openstack command. upgrade check's
# exit codes are oslo.upgradecheck's (0 Success, 1 Warning, 2 Failure);
# bad input is 5 there, an unreachable service 3, a bug 4: never expected.

set -o errexit

source "$GRENADE_DIR/grenaderc"
source "$GRENADE_DIR/functions"
source "$TOP_DIR/openrc" admin admin
source "$TOP_DIR/lib/glance"
source "$TOP_DIR/lib/nova"

NOVA_GLANCE_V2_UPGRADE_DIR=$(cd "$(dirname "$0")" && pwd)
source "$NOVA_GLANCE_V2_UPGRADE_DIR/../settings"
source "$NOVA_GLANCE_V2_DIR/devstack/lib/nova-glance-v2"

set -o xtrace

NOVA_GLANCE_V2_GRENADE_IMAGE=nova-glance-v2-grenade

# _upgrade_check_expect <exit code>...
#
# Run ``nova-glance-v2 upgrade check`` on the catalog and $NOVA_CONF and
# die unless it exits with one of the given codes.
function _upgrade_check_expect {
    local rc=0
    nova_glance_v2 upgrade check --nova-conf "$NOVA_CONF" || rc=$?
    if [[ " $* " != *" $rc "* ]]; then
        die $LINENO "upgrade check exited $rc, expected one of: $*"
    fi
}

function create {
    local image_file=$SAVE_DIR/$NOVA_GLANCE_V2_GRENADE_IMAGE.img
    local id
    truncate -s 1M "$image_file"
    id=$(openstack image create --disk-format raw --container-format bare \
        --file "$image_file" -f value -c id "$NOVA_GLANCE_V2_GRENADE_IMAGE")
    resource_save nova-glance-v2 image_id "$id"
    resource_save nova-glance-v2 image_checksum \
        "$(openstack image show -f value -c checksum "$id")"
    # The old side converged at stack.sh; put the v1-era state back so
    # the upgrade has something to upgrade.
    nova_glance_v2 legacy seed --url "$GLANCE_URL" --catalog \
        --region "$REGION_NAME" --nova-conf "$NOVA_CONF"
    cp -p "$NOVA_CONF" "$SAVE_DIR/nova-glance-v2.nova.conf"
}

function verify {
    local side=$1
    local id
    id=$(resource_get nova-glance-v2 image_id)
    if [[ "$(openstack image show -f value -c checksum "$id")" != \
            "$(resource_get nova-glance-v2 image_checksum)" ]]; then
        die $LINENO "image $id changed across the upgrade"
    fi
    if [[ "$side" == "pre-upgrade" ]]; then
        # Failure: the legacy state create seeded is still there.
        _upgrade_check_expect 2
    else
        # Success, or the Warning that api_servers is deprecated.
        _upgrade_check_expect 0 1
    fi
}

function verify_noapi {
    # Nothing answers now: the v1-era nova.conf must have survived the
    # shutdown byte for byte (its legacy options are checked, with the
    # APIs, by verify pre-upgrade).
    cmp "$SAVE_DIR/nova-glance-v2.nova.conf" "$NOVA_CONF"
}

function destroy {
    openstack image delete "$(resource_get nova-glance-v2 image_id)"
}

# Dispatcher
case $1 in
    "create")
        create
        ;;
    "verify_noapi")
        verify_noapi
        ;;
    "verify")
        verify "$2"
        ;;
    "destroy")
        destroy
        ;;
esac

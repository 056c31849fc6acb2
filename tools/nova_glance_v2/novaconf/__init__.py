"""Migrate a nova.conf to the ``[glance]`` options nova reads today.

Pure and offline: :func:`.document.parse` reads a file's text,
:func:`.plan.plan` works out the new text and a report. Writing, backups
and diffs are :mod:`nova_glance_v2.configfile`'s job; :mod:`.configure`
runs a change over several files and :mod:`.lookup` is the Keystone
catalog fallback.

Reading follows nova and oslo.config, not a generic INI reader:

* the file is parsed by ``oslo_config.iniparser`` (what nova uses), so a
  file we accept is a file nova accepts, with the same values (quotes
  stripped, continuation lines joined) and the same errors and line
  numbers;
* a single-valued option set twice takes the last value, section names
  other than ``DEFAULT`` are case-insensitive, and a ``[glance]`` value
  wins over its deprecated ``[DEFAULT] glance_*`` alias;
* the legacy glance options mean what they meant to the releases that
  read them (see :mod:`.migrate` and :mod:`.locate`).

Editing (:mod:`.edit`) uses ConfigUpdater (``strict=False`` keeps
repeated keys and sections, which oslo allows for multi-valued options)
so every line we do not change survives byte for byte. ConfigUpdater
accepts a few things oslo rejects (``[glance] # note``, an indented first
key) and does not strip quotes, so its view is only used to locate lines,
after checking it sees the same assignments as oslo in the same order.
It reads only the sections the plan edits: the others keep their text.

This module holds only the names the others share, so that the command
line can use them without importing oslo.config.
"""

MODES = ("api_servers", "catalog", "endpoint_override")
DEFAULT_MODE = "api_servers"

GLANCE = "glance"
DEFAULT = "DEFAULT"

# The [glance] options that say where glance is, per mode; a mode removes
# the others so nova cannot pick an endpoint we did not mean.
MODE_OPTIONS = {
    "api_servers": ("api_servers",),
    "endpoint_override": ("endpoint_override",),
    "catalog": ("region_name", "valid_interfaces"),
}

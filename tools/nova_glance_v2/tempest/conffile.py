"""Edit a tempest.conf: set the planned options, drop obsolete ones.

Lines we neither set nor remove stay byte for byte (ConfigUpdater).
"""

import dataclasses

from nova_glance_v2 import inisyntax
from nova_glance_v2.tempest.settings import FALLBACK_OBSOLETE
from nova_glance_v2.tempest.settings import MANAGED_SECTIONS
from nova_glance_v2.tempest.settings import SERVICES

# -- tempest's option definitions ---------------------------------------


def tempest_options():
    """``{section: (known names, deprecated-for-removal names)}``.

    From tempest's own option list when tempest is importable, else None.
    """
    try:
        from tempest import config as tempest_config  # noqa: PLC0415
    except Exception:  # noqa: BLE001 - tempest absent or broken
        return None
    known = {}
    for group, opts in tempest_config.list_opts():
        name = getattr(group, "name", group)
        names, deprecated = known.setdefault(name, (set(), set()))
        for opt in opts:
            names.add(opt.name)
            names.update(d.name for d in opt.deprecated_opts
                         if d.name and d.group in (None, name))
            if opt.deprecated_for_removal:
                deprecated.add(opt.name)
    return known


def obsolete_options(section, keys, known):
    """Keys of ``section`` to remove, each with its reason."""
    if section not in MANAGED_SECTIONS:
        return {}
    found = {}
    if known is None:
        for key in keys:
            if key in FALLBACK_OBSOLETE.get(section, ()):
                found[key] = "removed or deprecated for removal in tempest"
        return found
    names, deprecated = known.get(section, (set(), set()))
    for key in keys:
        if key in deprecated:
            found[key] = "deprecated for removal in tempest; its default " \
                "is right for current clouds"
        elif key not in names and section != SERVICES:
            # [service_available] also holds the flags of tempest plugins.
            found[key] = "no longer a tempest option"
    return found


# -- editing --------------------------------------------------------------


@dataclasses.dataclass
class Plan:
    path: str
    old_text: str
    new_text: str
    set: dict                 # "section.key" -> value (as written)
    unchanged: list
    removed: dict             # "section.key" -> reason

    @property
    def changed(self):
        return self.old_text != self.new_text


def _updater(path, text):
    # oslo.config's own parser first: it names the line of any error
    # without quoting it (tempest.conf holds the admin password).
    return inisyntax.updater(path, text, allow_no_value=True)


def current_values(path, text):
    """``{(section, key): value}`` of the file (the last one of repeats)."""
    values = {}
    for section in _updater(path, text).iter_sections():
        for option in section.iter_options():
            values[(section.name, option.key)] = option.value
    return values


def plan(path, text, wanted, known=None):
    """Apply ``wanted`` (a list of :class:`Setting`) to ``text``.

    Returns a :class:`Plan`; lines not set or removed stay byte for byte.
    """
    updater = _updater(path, text)
    removed = {}
    for section in list(updater.iter_sections()):
        keys = [opt.key for opt in section.iter_options()]
        for key, why in obsolete_options(section.name, keys, known).items():
            removed[f"{section.name}.{key}"] = why
            for option in [o for o in section.iter_options()
                           if o.key == key]:
                option.detach()
    set_, unchanged = {}, []
    for setting in wanted:
        section = _section(updater, setting.section)
        options = [o for o in section.iter_options() if o.key == setting.key]
        value = oslo_escape(setting.value)
        if len(options) == 1 and options[0].value == value:
            unchanged.append(setting.name)
            continue
        for extra in options[1:]:
            extra.detach()
        if options:
            options[0].value = value
        else:
            _append(section, setting.key, value)
        set_[setting.name] = setting.value
        removed.pop(setting.name, None)
    new_text = inisyntax.text(updater)
    if new_text and not new_text.endswith("\n"):
        new_text += "\n"
    return Plan(path, text, new_text, set_, unchanged, removed)


def oslo_escape(value):
    """``value`` as oslo.config must read it back literally.

    tempest reads its config with oslo.config, which substitutes
    ``$name`` with another option's value; a password with a ``$`` would
    break tempest unless written as ``$$``.
    """
    return value.replace("$", "$$")


def _section(updater, name):
    if not updater.has_section(name):
        if updater.sections():
            last = updater[updater.sections()[-1]]
            if not str(last).endswith("\n\n"):
                last.add_after.space()
        updater.add_section(name)
    return updater[name]


def _append(section, key, value):
    """Add ``key = value`` after the section's last option."""
    options = list(section.iter_options())
    if options:
        options[-1].add_after.option(key, value)
    else:
        section[key] = value

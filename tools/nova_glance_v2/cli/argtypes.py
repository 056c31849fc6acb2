"""argparse types shared by the commands: values checked as they are read.

A value that would only fail deep inside a command (a newline in a region
name that configupdater cannot write, a negative image size, a port that
overflows a socket call) is refused here, with argparse's one-line usage
error and exit 2, before anything is read or contacted.
"""

import argparse

from nova_glance_v2 import errors
from nova_glance_v2 import interfaces


def one_line(text):
    """A non-blank value without line breaks or other control characters."""
    if not text.strip() or any(not ch.isprintable() for ch in text):
        raise argparse.ArgumentTypeError(
            f"{text!r} must be one non-blank line")
    return text


def csv_list(text):
    """A comma separated list without empty items."""
    items = [item.strip() for item in text.split(",")]
    if not all(items):
        raise argparse.ArgumentTypeError(
            f"{text!r} has an empty item; give a comma separated list")
    return [one_line(item) for item in items]


def interface_list(text):
    """Interfaces in the given order (the order is the preference):
    :func:`nova_glance_v2.interfaces.parse`, every ``--interfaces``."""
    try:
        return interfaces.parse(text)
    except errors.BadInput as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def positive_int(text):
    """A whole number above zero."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a whole number above zero")
    return number


def port(text):
    """A TCP port number, 1 to 65535."""
    number = positive_int(text)
    if number > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (1-65535)")
    return number

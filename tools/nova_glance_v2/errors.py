"""Errors of the ``nova-glance-v2`` command and the exit codes they map to.

Every command follows one convention: 0 success, 1 a check failed, 2 bad
input or usage, 3 a service is unreachable or authentication failed, 4 an
internal error (a bug of this project, not a verdict on the cloud). The
CLI prints ``str(error)`` as a single line; messages must therefore name
the file, line or value at fault and never carry a secret.

``upgrade check`` keeps oslo.upgradecheck's codes, as ``nova-status
upgrade check`` does: 0 all Success, 1 a Warning, 2 a Failure. So that
bad input there cannot pass for a Failure, it exits 5 instead of 2
(:data:`EXIT_UPGRADE_BAD_INPUT`); 3 and 4 are as everywhere.
"""

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_UNAVAILABLE = 3
EXIT_INTERNAL = 4
EXIT_UPGRADE_BAD_INPUT = 5


class NovaGlanceV2Error(Exception):
    """Base class; ``exit_code`` is what the CLI exits with."""

    exit_code = EXIT_CHECK_FAILED


class CheckFailed(NovaGlanceV2Error):
    """A check or verification found the cloud in a bad state."""

    exit_code = EXIT_CHECK_FAILED


class BadInput(NovaGlanceV2Error):
    """An argument, a config file or a value is wrong."""

    exit_code = EXIT_BAD_INPUT


class Unavailable(NovaGlanceV2Error):
    """A service could not be reached or refused our credentials."""

    exit_code = EXIT_UNAVAILABLE


class Internal(NovaGlanceV2Error):
    """This project went wrong (e.g. an edit did not say what was planned)."""

    exit_code = EXIT_INTERNAL

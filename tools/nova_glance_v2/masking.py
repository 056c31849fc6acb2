"""Mask the secrets of oslo-style config text before anyone sees it.

Config files hold database, message bus and service passwords. Anything
this tool prints that came from such a file (a diff, a value, an error)
goes through here first: values of options named like a secret, the
password of any ``scheme://user:password@`` url, and ``password=...`` or
``password:...`` anywhere inside a value (url queries, oslo.cache's
``backend_argument``).
"""

import io
import re

MASK = "***"

# Option names whose values are secrets. "key" only as a whole word at the
# end (``fixed_key``, ``api_key``), so paths such as ``keyfile`` or
# ``key_file`` stay readable in a diff. Over-masking (``token_cache_time``)
# is harmless; under-masking is not.
SECRET_OPTION = re.compile(
    r"password|passwd|secret|token|credential|(?:^|_)(?:key|pass|pwd)$",
    re.I)

# user:password@ in any url-like value (transport_url with several hosts
# separates them with commas, each with its own credentials). The password
# runs to the LAST @ of the authority: "nova:pa@rt@host" hides "pa@rt".
_URL_PASSWORD = re.compile(r"((?://|,)[^\s:/@,]*:)[^\s/?#,]*@")

# name=secret or name:secret inside a value: a url's query
# ("...?user=nova&password=x") or a list of backend arguments
# ("[cache] backend_argument = password:x").
# The match starts at the secret word itself ("redis_password:x" masks
# from "password"): a leading [\w.-]* would backtrack over every long word
# and make masking a 5 MB file quadratic.
_INLINE_SECRET = re.compile(
    r"(?P<name>(?:password|passwd|secret|token|pwd)[\w.-]*\s*[:=]\s*)"
    r"[^\s&;,]+", re.I)

_ASSIGNMENT = re.compile(
    r"^(?P<lead>[#;]?\s*)(?P<key>[^\s=:#;\[][^=:]*?)(?P<sep>\s*[=:]\s*)"
    r"(?P<value>.*?)(?P<end>\s*)$",
    re.S,
)


def mask_secrets(text):
    """Return ``text`` (an INI file) with secret values replaced by ***.

    Masks the value of every option, commented out or not, whose name
    matches :data:`SECRET_OPTION` (continuation lines included), the
    password part of every ``scheme://user:password@`` url and every
    ``password=...``/``password:...`` inside a value. Every line goes
    through :func:`mask_value`, section headers and junk included.
    """
    return "".join(mask_lines(lines(text)))


def lines(text):
    """The lines of ``text``, ends kept, as oslo.config reads a file.

    oslo.config opens config files in text mode, whose universal newlines
    break at ``\\n``, ``\\r\\n`` and ``\\r``; so does this, keeping
    each line's end as it was. Every reader of config text here (the
    syntax check, nova.conf's document, the masking, the diffs) uses it,
    so they agree on line numbers and where an option starts.
    str.splitlines() would also break at U+2028, form feeds and other
    separators: oslo does not, and a secret value cut there would leave
    its second half unmasked.
    """
    return io.StringIO(text, newline="").readlines()


def mask_lines(lines):
    """Yield :func:`mask_secrets` of each of ``lines``, line endings kept.

    A continuation line is masked when the option it continues is a
    secret, so the lines must start where an option does (see
    :func:`mask_slice`).
    """
    in_secret = False
    for line in lines:
        body = line.rstrip("\r\n")
        newline = line[len(body):]
        if not body.strip():
            in_secret = False
        elif body[0] in " \t" and in_secret:
            body = body[: len(body) - len(body.lstrip())] + MASK
        elif body[0] not in " \t":
            in_secret = False
            match = _ASSIGNMENT.match(body)
            if match and not body.startswith("["):
                key = match.group("key").strip()
                if SECRET_OPTION.search(key):
                    in_secret = not match.group("lead").strip()
                    if match.group("value"):
                        body = (
                            match.group("lead") + match.group("key")
                            + match.group("sep") + MASK + match.group("end")
                        )
        yield mask_value(body) + newline


def mask_slice(lines, start, stop):
    """The masked ``lines[start:stop]``, as :func:`mask_secrets` of the
    whole text would mask them, in time linear in the slice.

    Masking starts at the line the slice's first line continues, so a
    continuation of a secret option is masked inside the slice too.
    """
    begin = start
    while begin > 0 and _is_continuation(lines[begin]):
        begin -= 1
    return list(mask_lines(lines[begin:stop]))[start - begin:]


def _is_continuation(line):
    return line[:1] in (" ", "\t") and bool(line.strip())


def mask_value(text):
    """``text`` with url passwords and inline ``password=x`` masked.

    For any text that may carry a value from a config file: a line, an
    option's value, an error message.
    """
    text = _URL_PASSWORD.sub(rf"\1{MASK}@", text)
    return _INLINE_SECRET.sub(rf"\g<name>{MASK}", text)

#!/usr/bin/python
"""Ansible module: run one ``nova-glance-v2`` command and read its JSON.

Every role of this project calls the CLI through this module, so that the
rules of the JSON contract are applied in one place: ``changed`` comes
from the command's own ``changed``, check mode runs a writing command with
``--dry-run`` (the command reports what would change and writes nothing),
diff mode shows the command's masked ``diff``. Credentials never pass
through here: the command reads them from clouds.yaml itself.
"""

import json
import os

from ansible.module_utils.basic import AnsibleModule

DOCUMENTATION = r"""
module: nova_glance_v2
short_description: Run a nova-glance-v2 command and report its JSON
description:
  - Runs C(nova-glance-v2 -f json COMMAND ARGS) and returns the JSON
    object it prints as C(result).
  - For a command that writes, C(changed) is the command's own C(changed);
    in check mode the command runs with C(--dry-run). A read-only command
    never reports a change.
  - The command's masked C(diff) is the task's diff, shown in diff mode.
options:
  executable:
    description: Path of the nova-glance-v2 command.
    type: path
    required: true
  command:
    description: The command words and their options, one list item each.
    type: list
    elements: str
    required: true
  writes:
    description: The command can write (it takes C(--dry-run)).
    type: bool
    default: false
  os_cloud:
    description: The cloud of clouds.yaml to use; empty for none.
    type: str
    default: ""
  clouds_yaml:
    description: The clouds.yaml to read; empty for openstacksdk's search.
    type: str
    default: ""
  ok_exit_codes:
    description: Exit codes after which the printed JSON is a result.
    type: list
    elements: int
    default: [0]
"""

RETURN = r"""
result:
  description: The JSON object the command printed.
  type: dict
  returned: when the command printed JSON
exit_code:
  description: The command's exit code (one of O(ok_exit_codes)).
  type: int
  returned: success
cmd:
  description: The command line that ran.
  type: list
  returned: always
"""


def command_line(params, check_mode):
    """The argv to run for ``params``, in check mode or not."""
    argv = [params["executable"], "-f", "json"]
    if params["os_cloud"]:
        argv += ["--os-cloud", params["os_cloud"]]
    argv += params["command"]
    if params["writes"] and check_mode:
        argv.append("--dry-run")
    return argv


def parse_output(stdout):
    """The JSON object of ``stdout``, or None when there is none."""
    try:
        data = json.loads(stdout)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def outcome(params, data):
    """``changed`` and the Ansible diff for a finished command.

    The command's JSON always has the diff; Ansible shows it in diff mode.
    """
    changed = bool(params["writes"] and data.get("changed"))
    diff = data.get("diff") or ""
    return changed, ({"prepared": diff} if diff else None)


def main():
    module = AnsibleModule(
        argument_spec={
            "executable": {"type": "path", "required": True},
            "command": {"type": "list", "elements": "str",
                        "required": True},
            "writes": {"type": "bool", "default": False},
            "os_cloud": {"type": "str", "default": ""},
            "clouds_yaml": {"type": "str", "default": ""},
            "ok_exit_codes": {"type": "list", "elements": "int",
                              "default": [0]},
        },
        supports_check_mode=True,
    )
    params = module.params
    argv = command_line(params, module.check_mode)
    env = {}
    if params["clouds_yaml"]:
        env["OS_CLIENT_CONFIG_FILE"] = os.path.expanduser(
            params["clouds_yaml"])
    rc, stdout, stderr = module.run_command(argv, environ_update=env)
    data = parse_output(stdout)
    if data is None or rc not in params["ok_exit_codes"]:
        # The CLI's errors are one line on stderr and never carry a secret;
        # a command that wrote before its check failed still says so.
        module.fail_json(
            msg=stderr.strip() or f"{argv[0]} exited {rc}",
            rc=rc, cmd=argv, result=data,
            changed=outcome(params, data or {})[0])
    changed, diff = outcome(params, data)
    extra = {"diff": diff} if diff else {}
    # Not "rc": Ansible fails any task whose result has a non-zero rc.
    module.exit_json(changed=changed, exit_code=rc, cmd=argv, result=data,
                     **extra)


if __name__ == "__main__":
    main()

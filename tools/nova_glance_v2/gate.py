"""The one-machine gate: the Zuul job's work, on a local cloud.

Runs its steps in order against a fresh local cloud, times each, stops at
the first failure and prints a verdict. The cloud is taken down at the end
unless asked to keep it for inspection.
"""

from nova_glance_v2 import imagecheck
from nova_glance_v2 import session as session_mod
from nova_glance_v2 import steps
from nova_glance_v2.localcloud import cloud as cloud_mod
from nova_glance_v2.localcloud import layout

MIB = 1024 * 1024


class GateRun:
    """The context the steps share: the cloud, its status, a session."""

    def __init__(self, args):
        self.args = args
        self.cloud = cloud_mod.LocalCloud(args.state_dir)
        self.status = None
        self.session = None

    def step_cloud_up(self):
        # Every gate run starts from a new cloud, as a Zuul node does.
        self.cloud.down(purge=True)
        self.status = self.cloud.up()
        return {"timings": self.status["timings"]}

    def step_keystone_token(self):
        self.session = session_mod.get_session(
            layout.CLOUD_NAME, self.status["clouds_yaml"])
        return {"user_id": self.session.get_user_id()}

    def step_glance_v2_round_trip(self):
        glance = imagecheck.glance_v2(
            self.session, self.status["services"]["glance"]["url"])
        size = self.args.image_size * MIB
        return {
            "sized": imagecheck.round_trip(glance, size),
            "chunked": imagecheck.round_trip(glance, size, chunked=True),
        }

    def steps(self):
        return [
            ("cloud up", self.step_cloud_up),
            ("keystone token", self.step_keystone_token),
            ("glance v2 round trip", self.step_glance_v2_round_trip),
        ]


def run(args):
    gate = GateRun(args)
    try:
        result = steps.run(gate.steps())
    finally:
        if not args.keep_cloud:
            gate.cloud.down(purge=True)
    result.data["state_dir"] = gate.cloud.layout.root
    return result


def register(subparsers):
    parser = subparsers.add_parser(
        "gate", help="run the one-machine reproduction of the gate job")
    parser.add_argument(
        "--state-dir", default=".nova-glance-v2/gate",
        help="the local cloud's state directory "
             "(default: ./.nova-glance-v2/gate)")
    parser.add_argument(
        "--keep-cloud", action="store_true",
        help="leave the local cloud running afterwards")
    parser.add_argument(
        "--image-size", type=int, default=8, metavar="MiB",
        help="size of the test images (default: 8)")
    parser.set_defaults(func=run)

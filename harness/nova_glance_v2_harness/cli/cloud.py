"""``nova-glance-v2-harness cloud up|status|restart|down``."""

from nova_glance_v2 import output
from nova_glance_v2.cli import argtypes
from nova_glance_v2_harness.localcloud import layout


def _add_state_dir(parser):
    parser.add_argument(
        "--state-dir", default=layout.DEFAULT_STATE_DIR,
        help="where the cloud keeps its configs, data, logs and pid files "
             f"(default: ./{layout.DEFAULT_STATE_DIR})",
    )


def add_port_options(parser, note=""):
    """``--keystone-port``, ``--glance-port``, ``--nova-port``."""
    for service, port in layout.DEFAULT_PORTS.items():
        parser.add_argument(
            f"--{service.replace('-api', '')}-port", type=argtypes.port,
            default=port,
            dest=f"port_{service}", metavar="PORT",
            help=f"{service} port on 127.0.0.1 (default: {port}{note})",
        )


def ports_of(args):
    """``{service: port}`` from :func:`add_port_options`' options."""
    return {s: getattr(args, f"port_{s}") for s in layout.SERVICES}


def register(subparsers):
    parser = subparsers.add_parser(
        "cloud", help="a real keystone, glance and nova-api on 127.0.0.1")
    commands = parser.add_subparsers(dest="cloud_command", required=True)

    up = commands.add_parser(
        "up", help="set the cloud up on first use and start its services")
    _add_state_dir(up)
    add_port_options(up, "; remembered after the first up")
    up.add_argument(
        "--tls", action="store_true",
        help="serve https with a private CA made under the state dir "
             "(clouds.yaml's cacert; remembered after the first up)")
    up.add_argument(
        "--nova", metavar="wrapper-free|stock|PATH",
        help="the nova nova-api runs: wrapper-free (the venv's nova with "
             "patches/nova applied, in an overlay under the state dir; the "
             "default), stock (the venv's nova as installed) or the path "
             "of a nova tree (remembered after up)")
    up.set_defaults(func=cloud_up)

    status = commands.add_parser("status", help="what runs and answers")
    _add_state_dir(status)
    status.set_defaults(func=cloud_status)

    restart = commands.add_parser(
        "restart", help="restart one service, e.g. after a config change")
    _add_state_dir(restart)
    restart.add_argument("service", choices=layout.SERVICES)
    restart.set_defaults(func=cloud_restart)

    down = commands.add_parser("down", help="stop every service up started")
    _add_state_dir(down)
    down.add_argument("--purge", action="store_true",
                      help="also remove everything the cloud wrote")
    down.set_defaults(func=cloud_down)


def _healthy_result(status):
    healthy = all(s["healthy"] for s in status["services"].values())
    return output.Result(status, 0 if healthy and status["services"] else 1)


def cloud_up(args):
    from nova_glance_v2_harness.localcloud import cloud as cloud_mod

    ports = ports_of(args)
    cloud = cloud_mod.LocalCloud(args.state_dir)
    return _healthy_result(cloud.up(ports, tls=args.tls, nova=args.nova))


def cloud_status(args):
    from nova_glance_v2_harness.localcloud import cloud as cloud_mod

    return _healthy_result(cloud_mod.LocalCloud(args.state_dir).status())


def cloud_restart(args):
    from nova_glance_v2_harness.localcloud import cloud as cloud_mod

    cloud = cloud_mod.LocalCloud(args.state_dir)
    return _healthy_result(cloud.restart(args.service))


def cloud_down(args):
    from nova_glance_v2_harness.localcloud import cloud as cloud_mod

    return cloud_mod.LocalCloud(args.state_dir).down(purge=args.purge)

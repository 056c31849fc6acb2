"""Bring the local cloud up, report on it and take it down."""

import contextlib
import os
import shutil
import time

from nova_glance_v2 import errors
from nova_glance_v2_harness.localcloud import bootstrap
from nova_glance_v2_harness.localcloud import layout as layout_mod
from nova_glance_v2_harness.localcloud import nova_overlay
from nova_glance_v2_harness.localcloud import process
from nova_glance_v2_harness.localcloud import services
from nova_glance_v2_harness.localcloud import tls as tls_mod

START_TIMEOUT = 90.0


def _check_ports(ports):
    """Each service needs a port of its own (else the second one to start
    fails, or worse, answers health checks for the first)."""
    by_port = {}
    for service, port in ports.items():
        if port in by_port:
            raise errors.BadInput(
                f"port {port} given to both {by_port[port]} and {service}; "
                "each service needs its own port")
        by_port[port] = service


class LocalCloud:
    """The keystone, glance and nova-api of one state directory."""

    def __init__(self, state_dir=layout_mod.DEFAULT_STATE_DIR):
        self.layout = layout_mod.Layout(state_dir)

    def _servers(self, state):
        return services.all_servers(self.layout, state)

    def up(self, ports=None, tls=False, nova=None):
        """Start what is not running; set the cloud up on first use.

        ``tls`` makes a new cloud serve https with a CA of its own; a cloud
        keeps the scheme it was set up with. ``nova`` chooses the nova
        nova-api runs (see :mod:`.nova_overlay`; default: the one chosen
        before, else the wrapper-free nova); a running nova-api restarts
        when that changes. Returns the status with per-step ``timings`` in
        seconds. Anything started by a failed ``up`` is stopped again
        before the error propagates.
        """
        state = layout_mod.State.load(self.layout)
        first_run = state is None
        if first_run:
            _check_ports(ports or layout_mod.DEFAULT_PORTS)
            # Before anything is written (the nova overlay): a refused
            # first up leaves the state directory as it found it.
            for service, port in (ports or layout_mod.DEFAULT_PORTS).items():
                process.ensure_port_free(port, service)
            ca_file = (tls_mod.Files(self.layout.tls_dir).ca_cert if tls
                       else None)
            state = layout_mod.State.new(
                ports or layout_mod.DEFAULT_PORTS, ca_file)
        elif tls and not state.ca_file:
            raise errors.BadInput(
                f"the local cloud in {self.layout.root} serves http; "
                "'cloud down --purge' it first to set it up with --tls")
        timings = {}
        began = time.monotonic()
        chosen = nova_overlay.prepare(
            self.layout.root, nova or nova_overlay.choice_of(state.nova))
        timings["nova"] = round(time.monotonic() - began, 2)
        if not first_run and chosen != state.nova:
            self._servers(state)["nova-api"].stop(state.ports["nova-api"])
            state.nova = chosen
            state.save(self.layout)
        state.nova = chosen
        servers = self._servers(state)
        to_start = [s for s, srv in servers.items() if srv.pid() is None]
        for service in to_start if not first_run else ():
            process.ensure_port_free(state.ports[service], service)
        started = []
        try:
            if first_run:
                self._set_up(state, timings)
            for service in to_start:
                began = time.monotonic()
                proc = servers[service].start()
                started.append(service)
                servers[service].wait_healthy(proc, START_TIMEOUT)
                timings[service] = round(time.monotonic() - began, 2)
                if first_run and service == "keystone":
                    began = time.monotonic()
                    bootstrap.write_clouds_yaml(self.layout, state)
                    bootstrap.register_keystone_data(self.layout, state)
                    timings["keystone-data"] = round(
                        time.monotonic() - began, 2)
            if first_run:
                state.save(self.layout)
        except BaseException:
            for service in reversed(started):
                servers[service].stop(state.ports[service])
            if first_run:
                # The logs stay, to read why; the next up starts afresh.
                self._wipe(keep=("log",))
            raise
        status = self.status()
        status["started"] = to_start
        status["timings"] = timings
        return status

    def _set_up(self, state, timings):
        # A first run that failed half way left files behind; start clean.
        # (up has just prepared the nova overlay, which is rebuilt anyway
        # when it is not complete.)
        self._wipe(keep=(nova_overlay.OVERLAY_DIR,))
        self.layout.make_dirs()
        began = time.monotonic()
        if state.ca_file:
            tls_mod.create(self.layout.tls_dir)
        services.write_keystone(self.layout, state)
        services.write_glance(self.layout, state)
        services.write_nova(self.layout, state)
        for service in services.UWSGI_PROCESSES:
            services.write_uwsgi(self.layout, state, service)
        bootstrap.prepare_databases(self.layout, state)
        timings["databases"] = round(time.monotonic() - began, 2)

    def _wipe(self, keep=()):
        """Remove what the local cloud wrote, and nothing else.

        The state directory may be one the user already had, so only our
        own entries go; the directory itself only when that empties it.
        """
        for path in self.layout.entries():
            if os.path.basename(path) in keep:
                continue
            if os.path.isdir(path):
                shutil.rmtree(path, ignore_errors=True)
            elif os.path.exists(path):
                os.unlink(path)
        with contextlib.suppress(OSError):
            os.rmdir(self.layout.root)

    def status(self):
        state = layout_mod.State.load(self.layout)
        if state is None:
            raise self._no_cloud_here()
        report = {}
        for service, server in self._servers(state).items():
            pid = server.pid()
            report[service] = {
                "url": state.url(service),
                "pid": pid,
                "healthy": pid is not None and server.healthy(),
                "log": server.log_file,
            }
        report["nova-api"]["nova"] = state.nova
        return {
            "cloud": layout_mod.CLOUD_NAME,
            "clouds_yaml": self.layout.clouds_yaml,
            "ca_file": state.ca_file,
            "state_dir": self.layout.root,
            "services": report,
        }

    def _no_cloud_here(self):
        return errors.BadInput(
            f"{self.layout.root}: no local cloud here (no state.json); "
            "the gate keeps its cloud in "
            f"{os.path.join(layout_mod.DEFAULT_STATE_DIR, 'gate')}")

    def require_state(self):
        state = layout_mod.State.load(self.layout)
        if state is None:
            raise errors.BadInput(
                f"no local cloud in {self.layout.root}; run 'cloud up'"
            )
        return state

    def _server(self, service):
        state = self.require_state()
        try:
            return self._servers(state)[service], state.ports[service]
        except KeyError:
            raise errors.BadInput(
                f"unknown service {service!r}; choose from "
                f"{', '.join(layout_mod.SERVICES)}"
            ) from None

    def restart(self, service):
        """Restart one service, e.g. nova-api after its config changed."""
        server, port = self._server(service)
        server.stop(port)
        server.wait_healthy(server.start(), START_TIMEOUT)
        return self.status()

    def down(self, purge=False):
        """Stop every process ``up`` started; ``purge`` removes the state."""
        state = layout_mod.State.load(self.layout)
        if state is None and not purge:
            raise self._no_cloud_here()
        stopped = {}
        if state is not None:
            servers = self._servers(state)
            for service in reversed(layout_mod.SERVICES):
                stopped[service] = servers[service].stop(
                    state.ports[service])
        if purge:
            self._wipe()
        return {"state_dir": self.layout.root, "stopped": stopped,
                "purged": purge}

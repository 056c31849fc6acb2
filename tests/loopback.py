"""A loopback TCP listener that records who connects to it.

It stands for a cloud where a test must prove that a command contacted
nothing: clouds.yaml points there, and the list of connections it
accepted must stay empty.
"""

import contextlib
import socket
import threading


@contextlib.contextmanager
def listener():
    """Yield ``(port, accepted)``: a port on 127.0.0.1 and the list of
    connections accepted there (each closed at once)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    accepted = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            accepted.append(conn)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], accepted
    finally:
        stop.set()
        thread.join()
        server.close()


def clouds_yaml_text(port, cloud="real"):
    """A clouds.yaml whose one cloud authenticates at the listener."""
    return ("clouds:\n"
            f"  {cloud}:\n    auth:\n"
            f"      auth_url: http://127.0.0.1:{port}/v3\n"
            "      username: admin\n      password: pw\n"
            "      project_name: admin\n      user_domain_name: Default\n"
            "      project_domain_name: Default\n")

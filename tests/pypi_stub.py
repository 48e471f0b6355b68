"""PyPI for the dependency audit's tests (scripts/audit_dependencies.py, .ci/audit): a local
stand-in for its JSON pages, and an address where nothing answers."""

import http.server
import json
import socket
import threading
from contextlib import contextmanager


def closed_port_url() -> str:
    """A PyPI address on 127.0.0.1 that nothing listens on (a port bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/pypi"


@contextmanager
def serving_pypi(page: dict):
    """Every project's JSON page is `page`; yields the address to use instead of PyPI's."""
    body = json.dumps(page).encode()

    class Pages(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/pypi"
    finally:
        server.shutdown()
        server.server_close()

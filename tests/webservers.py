"""Real web servers for tests, on 127.0.0.1 only: a free port, waiting for a server to
listen, and a throw-away nginx (Debian nginx-light, installed by scripts/test.sh) serving
one folder with the test's own ``server`` lines. Stopped when the test leaves the block."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port


def wait_listening(proc: subprocess.Popen[bytes], port: int, timeout: float = 20) -> None:
    """Return once *port* accepts connections; fail with the server's stderr if it died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the server did not start")


@contextlib.contextmanager
def serving(argv: list[str], port: int) -> Iterator[subprocess.Popen[bytes]]:
    """Run the server *argv* until the block ends; the block starts once it listens."""
    proc = subprocess.Popen(argv, stderr=subprocess.PIPE)
    try:
        wait_listening(proc, port)
        yield proc
    finally:
        proc.terminate()
        proc.wait(10)


@contextlib.contextmanager
def nginx(work: Path, port: int, root: Path, server_lines: str) -> Iterator[None]:
    """nginx on 127.0.0.1:*port* serving *root*, its config and logs under *work*."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(binary).exists(), "nginx (apt-get install nginx-light) is needed"
    conf = work / "nginx.conf"
    conf.write_text(
        f"""
daemon off; user root; worker_processes 1; pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ }}
http {{
  access_log off;
  client_body_temp_path {work}/body;
  server {{
    listen 127.0.0.1:{port};
    root {root};
{server_lines}
  }}
}}
"""
    )
    with serving([binary, "-c", str(conf), "-p", str(work)], port):
        yield

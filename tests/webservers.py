"""Real web servers for tests, on 127.0.0.1 only: a free port, waiting for a server to
listen, and a throw-away nginx (Debian nginx-light) or Apache (apache2-bin), both installed
by scripts/test.sh, serving one folder with the test's own lines. Stopped when the test
leaves the block."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
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


@contextlib.contextmanager
def nobody_readable_root() -> Iterator[Path]:
    """A web root path (not created) in a fresh folder outside the test's tmp_path: Apache's
    workers run as nobody, and pytest's tmp folders are not readable by them."""
    parent = Path(tempfile.mkdtemp(prefix="spotlight-apache-"))
    parent.chmod(0o755)
    try:
        yield parent / "www"
    finally:
        shutil.rmtree(parent, ignore_errors=True)


@contextlib.contextmanager
def apache(
    work: Path, port: int, www: Path, modules: tuple[str, ...], extra_lines: str = ""
) -> Iterator[None]:
    """Apache on 127.0.0.1:*port* serving *www* with ``AllowOverride All`` (its .htaccess
    read), the event MPM, authz_core and the named *modules*; config and logs under *work*."""
    binary = Path("/usr/sbin/apache2")
    assert binary.exists(), "apache2 (apt-get install apache2-bin) is needed"
    lib = "/usr/lib/apache2/modules"
    loads = "\n".join(f"LoadModule {m}_module {lib}/mod_{m}.so" for m in modules)
    conf = work / "httpd.conf"
    conf.write_text(
        f"""
ServerRoot {work}
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {work}/httpd.pid
ErrorLog {work}/error.log
LoadModule mpm_event_module {lib}/mod_mpm_event.so
LoadModule authz_core_module {lib}/mod_authz_core.so
{loads}
User nobody
Group nogroup
{extra_lines}
DocumentRoot {www}
<Directory {www}>
  AllowOverride All
  Require all granted
</Directory>
"""
    )
    with serving([str(binary), "-f", str(conf), "-DFOREGROUND"], port):
        yield

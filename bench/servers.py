"""The servers under test: started in their own process groups, waited for, and always stopped."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import HOST, ROOT, BenchError

STARTUP_TIMEOUT = 90.0  # seconds for a server to migrate and answer


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


class Servers:
    """Starts servers in their own process groups and stops every one of them, whatever happens."""

    def __init__(self, work_dir: Path) -> None:
        self.work_dir = work_dir
        self.running: list[Server] = []

    def start(self, name: str, command: list[str], env: dict[str, str], port: int) -> Server:
        log_path = self.work_dir / f"{name}.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        server = Server(name, process, port, log_path)
        self.running.append(server)
        return server

    def stop(self, server: Server) -> None:
        process = server.process
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)  # the group we created for this server only
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        if server in self.running:
            self.running.remove(server)

    def stop_all(self) -> None:
        for server in list(self.running):
            try:
                self.stop(server)
            except Exception as error:  # keep stopping the others
                print(f"warning: could not stop {server.name} (pid {server.process.pid}): {error}", file=sys.stderr)


def wait_ready(server: Server, path: str, timeout: float = STARTUP_TIMEOUT) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise BenchError(f"{server.name} exited with {server.process.returncode}:\n{server.log_tail()}")
        try:
            response = httpx.get(f"http://{HOST}:{server.port}{path}", timeout=2.0)
            if response.status_code == 200:
                return
            last = f"status {response.status_code}"
        except httpx.HTTPError as error:
            last = type(error).__name__
        time.sleep(0.2)
    raise BenchError(f"{server.name} did not answer {path} within {timeout:.0f}s ({last}):\n{server.log_tail()}")


def jubilee_command(port: int) -> list[str]:
    script = Path(sys.executable).parent / "jubilee"
    if script.exists():
        return [str(script), "serve", "--host", HOST, "--port", str(port)]
    return [sys.executable, "-c", "from server.cli import main; main()", "serve", "--host", HOST, "--port", str(port)]


def server_env(**extra: str) -> dict[str, str]:
    """The caller's environment without any JUBILEE_* configuration, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUBILEE_")}
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env

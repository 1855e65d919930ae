"""``kg serve`` as a real process: signals reach its Oxigraph server, nothing is left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import live_descendants

GRAPH = Path(__file__).parent / "data" / "news_graph.trig"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _require_oxigraph() -> None:
    from kg.server import StoreError, oxigraph_binary

    try:
        oxigraph_binary()
    except StoreError as exc:
        pytest.skip(str(exc))


class Served:
    """A running ``kg serve`` with its own TMPDIR, and its Oxigraph child."""

    def __init__(self, tmp_path: Path) -> None:
        from kg.server import free_port

        self.tmp = tmp_path / "tmp"
        self.tmp.mkdir()
        self.err = tmp_path / "stderr.txt"
        self.port = free_port()
        env = dict(os.environ, TMPDIR=str(self.tmp))
        with self.err.open("wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "kg", "serve", str(GRAPH), "--port", str(self.port)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=env,
                cwd=tmp_path,
            )
        deadline = time.monotonic() + 60
        while "SPARQL endpoint" not in self.stderr():
            assert self.proc.poll() is None, f"kg serve exited early: {self.stderr()}"
            assert time.monotonic() < deadline, "kg serve did not get ready in 60 s"
            time.sleep(0.1)
        children = live_descendants(self.proc.pid, "oxigraph")
        assert len(children) == 1, children
        self.server = next(iter(children))

    def stderr(self) -> str:
        return self.err.read_text(encoding="utf-8", errors="replace")

    def answers(self) -> bool:
        url = f"http://127.0.0.1:{self.port}/query?query=ASK%7B%7D"
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                return resp.status == 200
        except OSError:
            return False

    def wait(self) -> int:
        try:
            return self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise

    def cleanup(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        try:
            os.kill(self.server, signal.SIGKILL)  # our grandchild, if a test failed early
        except OSError:
            pass


@pytest.fixture
def served(tmp_path: Path):
    _require_oxigraph()
    run = Served(tmp_path)
    yield run
    run.cleanup()


def _gone(pid: int) -> bool:
    """No such process: exited and reaped (a zombie would mean nobody waited for it)."""
    return not Path(f"/proc/{pid}").exists()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_the_server_and_removes_its_store(served: Served, sig: int) -> None:
    assert served.answers()
    assert list(served.tmp.iterdir()), "the temporary store should exist while serving"
    served.proc.send_signal(sig)
    assert served.wait() == 0, served.stderr()
    assert _gone(served.server), "the oxigraph server outlived kg serve"
    assert list(served.tmp.iterdir()) == []
    assert not served.answers()
    assert "Traceback" not in served.stderr()


def test_a_server_that_dies_is_reported_on_one_line(served: Served) -> None:
    os.kill(served.server, signal.SIGKILL)
    code = served.wait()
    assert code != 0
    lines = [line for line in served.stderr().splitlines() if not line.startswith("SPARQL endpoint")]
    assert len(lines) == 1 and "stopped by itself" in lines[0], lines
    assert list(served.tmp.iterdir()) == []

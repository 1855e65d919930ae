"""Triple stores over HTTP: run the Oxigraph server on our output, push files to any SPARQL store.

* :class:`OxigraphServer` starts ``oxigraph`` (the PyPI ``oxigraph`` package's binary) on a free
  loopback port with a file loaded, waits until it answers, and stops it on exit.
* :func:`serve` is ``kg serve``: load a file, then serve it (read-only by default) until Ctrl-C.
* :func:`load` is ``kg load``: a SPARQL 1.1 Graph Store HTTP Protocol client (Oxigraph, Fuseki,
  GraphDB ...), standard library only.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Self

from kg.errors import KGError
from kg.export.rdf import FORMATS, ExportError, format_from_path

#: How long a started server may take to answer before we give up (seconds).
START_TIMEOUT = 20.0


class StoreError(KGError):
    """A triple store cannot be started, reached, or refused what we sent."""


def oxigraph_binary() -> str:
    """The path of the ``oxigraph`` server binary (beside this Python first, then on PATH)."""
    beside = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise StoreError("the oxigraph server binary is not installed (pip install oxigraph)")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port on ``host`` that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def port_is_free(host: str, port: int) -> bool:
    """Whether a TCP server could bind ``host:port`` now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
        return True


def _rdf_format(path: Path) -> str:
    try:
        return format_from_path(path)
    except ExportError as exc:
        raise StoreError(str(exc)) from None


def _tail(path: Path, lines: int = 3) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    return " | ".join(text[-lines:])


def load_into_directory(
    graph_path: str | os.PathLike[str], location: str | os.PathLike[str]
) -> None:
    """Bulk-load an RDF file into an Oxigraph store directory with ``oxigraph load``."""
    path = Path(graph_path)
    if not path.is_file():
        raise StoreError(f"{path}: no such file")
    fmt = FORMATS[_rdf_format(path)]
    cmd = [
        oxigraph_binary(),
        "load",
        "--location",
        str(location),
        "--file",
        str(path),
        "--format",
        fmt.media_type,
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise StoreError(f"oxigraph load {path} failed: {last}")


class OxigraphServer:
    """The Oxigraph SPARQL server on a loopback port, as a context manager.

    >>> with OxigraphServer("graph.trig") as server:  # doctest: +SKIP
    ...     server.query_endpoint
    'http://127.0.0.1:41234/query'
    """

    def __init__(
        self,
        graph_path: str | os.PathLike[str] | None = None,
        *,
        location: str | os.PathLike[str] | None = None,
        host: str = "127.0.0.1",
        port: int | None = None,
        read_only: bool = False,
        union_default_graph: bool = True,
        timeout: float = START_TIMEOUT,
    ) -> None:
        self.graph_path = Path(graph_path) if graph_path is not None else None
        self.location = Path(location) if location is not None else None
        self.host = host
        self.port = port
        self.read_only = read_only
        self.union_default_graph = union_default_graph
        self.timeout = timeout
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: Path | None = None
        #: set once :meth:`terminate` was asked to stop the server (it did not die on its own)
        self.stopped = False
        #: the signal :meth:`terminate` sends by default (``serve`` passes on the one it got)
        self.stop_signal: int = signal.SIGTERM

    @property
    def url(self) -> str:
        """The server's base URL."""
        return f"http://{self.host}:{self.port}"

    @property
    def query_endpoint(self) -> str:
        """The SPARQL query endpoint."""
        return self.url + "/query"

    @property
    def update_endpoint(self) -> str:
        """The SPARQL update endpoint (read-write servers only)."""
        return self.url + "/update"

    @property
    def store_endpoint(self) -> str:
        """The Graph Store HTTP Protocol endpoint (read-write servers accept PUT/POST)."""
        return self.url + "/store"

    def start(self) -> Self:
        """Load the file (if any), start the server and wait until it answers."""
        binary = oxigraph_binary()
        if self.location is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="kg-oxigraph-")
            self.location = Path(self._tmp.name) / "store"
        self.location.mkdir(parents=True, exist_ok=True)
        self._log = self.location.parent / f".{self.location.name}.oxigraph.log"
        try:
            if self.graph_path is not None:
                load_into_directory(self.graph_path, self.location)
            fixed_port = self.port is not None
            if fixed_port and not port_is_free(self.host, self.port):
                raise StoreError(
                    f"oxigraph did not start: {self.host}:{self.port} is already in use"
                )
            for _attempt in range(1 if fixed_port else 3):
                if not fixed_port:
                    self.port = free_port(self.host)
                if self._launch(binary):
                    return self
            raise StoreError(f"oxigraph did not start on {self.url}: {_tail(self._log)}")
        except BaseException:
            self.stop()
            raise

    def _launch(self, binary: str) -> bool:
        """Start the process; True once it answers, False if it exited (e.g. port taken)."""
        assert self._log is not None and self.location is not None
        cmd = [
            binary,
            "serve-read-only" if self.read_only else "serve",
            "--location",
            str(self.location),
            "--bind",
            f"{self.host}:{self.port}",
        ]
        if self.union_default_graph:
            cmd.append("--union-default-graph")
        with self._log.open("wb") as log:
            # its own session: a terminal's Ctrl-C reaches kg only, which passes it on
            self._proc = subprocess.Popen(
                cmd,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        deadline = time.monotonic() + self.timeout
        probe = self.query_endpoint + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                self._proc = None
                return False
            try:
                with urllib.request.urlopen(probe, timeout=1) as resp:
                    if resp.status == 200:
                        # another server may own the port: ours must still be running
                        return self._proc.poll() is None
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.05)
        self.terminate()
        raise StoreError(f"oxigraph did not answer on {self.url} within {self.timeout:.0f} s")

    def terminate(self, sig: int | None = None) -> None:
        """Stop the server process (``sig``, by default :attr:`stop_signal`, then kill if it
        lingers 10 s); the store stays."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        self.stopped = True
        if proc.poll() is None:
            proc.send_signal(self.stop_signal if sig is None else sig)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def stop(self) -> None:
        """Stop the server and remove the temporary store, if we made one."""
        self.terminate()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None
            self.location = None

    def wait(self) -> int:
        """Block until the server exits; returns its exit code (0 if it is not running)."""
        proc = self._proc
        return 0 if proc is None else proc.wait()

    def pid(self) -> int | None:
        """The server's process id while it runs."""
        return None if self._proc is None else self._proc.pid

    def log_tail(self) -> str:
        """The last lines the server wrote, on one line."""
        return _tail(self._log) if self._log is not None else ""

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class _Stop(BaseException):
    """Raised in the main thread by the SIGTERM/SIGINT handler of :func:`serve`."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def serve(
    graph_path: str | os.PathLike[str] | None,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    read_only: bool = True,
    location: str | os.PathLike[str] | None = None,
    on_ready: Callable[[OxigraphServer], object] | None = None,
    union_default_graph: bool = True,
) -> None:
    """Load ``graph_path`` into Oxigraph and serve it over SPARQL until stopped (blocking).

    ``graph_path`` None serves the store at ``location`` as it is (a ``kg build --store``
    store holds the union as its default graph: pass ``union_default_graph=False``).

    SIGTERM or SIGINT (Ctrl-C) is passed on to the server, which is waited for; then a
    temporary store is removed and ``serve`` returns. If the server stops by itself, the store
    is removed too and a one-line :class:`StoreError` says so.
    """
    server = OxigraphServer(
        graph_path, location=location, host=host, port=port, read_only=read_only,
        union_default_graph=union_default_graph,
    )
    with _forwarding_signals(server):
        try:
            with server:
                if on_ready is not None:
                    on_ready(server)
                code = server.wait()
                if not server.stopped:
                    tail = server.log_tail()
                    raise StoreError(
                        f"the oxigraph server stopped by itself (exit code {code})"
                        + (f": {tail}" if tail else "")
                    )
        except _Stop:
            pass  # leaving the ``with`` passed the signal on and removed the store


class _forwarding_signals:
    """While active (main thread only), SIGTERM and SIGINT stop ``server`` with that signal."""

    SIGNALS = (signal.SIGTERM, signal.SIGINT)

    def __init__(self, server: OxigraphServer) -> None:
        self.server = server
        self.previous: dict[int, object] = {}
        self.stopping = False

    def handle(self, signum: int, _frame: object) -> None:
        if self.stopping:  # a second signal while stopping: pass it on, keep cleaning up
            pid = self.server.pid()
            if pid is not None:
                with contextlib.suppress(OSError):
                    os.kill(pid, signum)
            return
        self.stopping = True
        self.server.stop_signal = signum
        raise _Stop(signum)

    def __enter__(self) -> Self:
        if threading.current_thread() is threading.main_thread():
            for sig in self.SIGNALS:
                self.previous[sig] = signal.signal(sig, self.handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self.previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]


def _endpoint_url(endpoint: str, *, dataset: bool, graph_iri: str | None) -> str:
    if dataset:
        return endpoint
    query = {"graph": graph_iri} if graph_iri else {"default": ""}
    sep = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    return endpoint + sep + urllib.parse.urlencode(query).replace("default=", "default")


def load(
    graph_path: str | os.PathLike[str],
    *,
    endpoint: str,
    graph_iri: str | None = None,
    replace: bool = False,
    timeout: float = 300.0,
) -> int:
    """Push an RDF file to a SPARQL Graph Store Protocol endpoint; returns the HTTP status.

    Triple formats go to ``graph_iri`` (or the default graph); TriG, N-Quads and JSON-LD go to
    the dataset itself, keeping their named graphs. ``replace`` uses PUT (replace) instead of
    POST (add).
    """
    path = Path(graph_path)
    if not path.is_file():
        raise StoreError(f"{path}: no such file")
    if not endpoint.startswith(("http://", "https://")):
        raise StoreError(f"endpoint must be an http(s) URL, got {endpoint!r}")
    fmt = FORMATS[_rdf_format(path)]
    if fmt.datasets and graph_iri:
        raise StoreError(
            f"{path}: {fmt.name} holds named graphs; --graph only applies to triple formats"
        )
    url = _endpoint_url(endpoint, dataset=fmt.datasets, graph_iri=graph_iri)
    size = path.stat().st_size
    with path.open("rb") as body:
        request = urllib.request.Request(
            url,
            data=body,
            method="PUT" if replace else "POST",
            headers={"Content-Type": fmt.media_type, "Content-Length": str(size)},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as resp:
                return int(resp.status)
        except urllib.error.HTTPError as exc:
            detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()
            reason = detail[0] if detail else exc.reason
            raise StoreError(f"{request.method} {url}: HTTP {exc.code}: {reason}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(f"cannot reach {endpoint}: {reason}") from None

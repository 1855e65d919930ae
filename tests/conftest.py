"""Shared fixtures: the spaCy model and the seed graph are built once per test session."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold" / "000_f926927dc2d1449b.gold.tsv"
QUERIES = ROOT / "scripts" / "queries"


@pytest.fixture(scope="session")
def nlp():
    """The French pipeline, loaded once."""
    from kg import nlp as kg_nlp

    return kg_nlp.load()


@pytest.fixture(scope="session")
def seed_result(nlp):
    """The build of the bundled seed article."""
    from kg.api import build_files

    result = build_files([])
    assert result.problems == ()
    return result


@pytest.fixture(scope="session")
def seed_dir(seed_result, tmp_path_factory):
    """A folder holding every output of the seed build."""
    from kg.api import write_outputs

    out = tmp_path_factory.mktemp("seed-output")
    write_outputs(seed_result, out)
    return out


@pytest.fixture(scope="session")
def extract_text(nlp):
    """The rules' facts of a French text (one article), without the trained stage or RDF.

    The hand-written extractors propose candidates and vote; these tests pin what they read
    in single sentences. The trained decision stage is tested on the corpus (test_learn.py)."""
    from kg.facts import Article
    from kg.learn.model import Model
    from kg.nlp import parse
    from kg.pipeline import extract

    def run(text: str):
        return extract(Article(id="t", text=text), parse(text), Model())

    return run


def _become_subreaper() -> bool:
    """Linux: orphans of our descendants are re-parented to this process instead of init."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    PR_SET_CHILD_SUBREAPER = 36
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _proc_stat(pid: str) -> tuple[str, str, int] | None:
    """(command name, state, parent pid) of a process from /proc, or None if it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name, rest = raw[raw.index("(") + 1 : raw.rindex(")")], raw[raw.rindex(")") + 2 :].split()
    return name, rest[0], int(rest[1])


def live_descendants(root: int, name: str | None = None) -> dict[int, str]:
    """Running (not zombie) processes whose parent chain leads to ``root``: pid -> name.

    Only this process's own tree is looked at: other users' and agents' processes never match.
    """
    procs = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (stat := _proc_stat(entry)) is not None:
            procs[int(entry)] = stat
    found = {}
    for pid, (comm, state, _ppid) in procs.items():
        if state == "Z" or (name is not None and comm != name):
            continue
        seen, cur = set(), pid
        while cur in procs and cur not in seen and cur > 1:
            seen.add(cur)
            cur = procs[cur][2]
            if cur == root:
                found[pid] = comm
                break
    return found


@pytest.fixture(scope="session", autouse=True)
def no_oxigraph_left_behind():
    """Fail the run if a test leaves an ``oxigraph`` process of ours running (then stop it).

    This process becomes a child subreaper, so a server orphaned by its ``kg serve`` parent is
    still found here (it would otherwise be re-parented to init).
    """
    if not Path("/proc/self/stat").is_file():
        yield
        return
    _become_subreaper()
    before = set(live_descendants(os.getpid(), "oxigraph"))
    yield
    deadline = time.monotonic() + 5  # a server told to stop may still be exiting
    while (left := set(live_descendants(os.getpid(), "oxigraph")) - before) and time.monotonic() < deadline:
        time.sleep(0.1)
    if left:
        import signal

        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)  # ours: a descendant of this pytest process
            except OSError:
                pass
        pytest.fail(f"the tests left {len(left)} oxigraph process(es) running: pids {sorted(left)}")

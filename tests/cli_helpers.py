"""Run the `kg` command in-process, as a user would from a shell (shared by the CLI tests)."""

from __future__ import annotations

import sys

import pytest

from kg.cli import main


def run_kg(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``kg ARGS…``."""
    monkeypatch.setattr(sys, "argv", ["kg", *args])
    with pytest.raises(SystemExit) as exit_:
        main()
    out, err = capsys.readouterr()
    return exit_.value.code, out, err

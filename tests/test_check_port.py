"""`make serve` with a busy port: one line saying so and how to choose another, not a traceback."""

from __future__ import annotations

import socket
import subprocess

import pytest

from helpers import ROOT, load_script

check_port = load_script("check_port")


def test_a_busy_port_gives_one_line_and_exit_1(capsys) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert check_port.main([str(port)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"Port {port} is already in use" in err and f"make serve PORT={port + 1}" in err


def test_a_free_port_passes_silently(capsys) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert check_port.main([str(port)]) == 0
    assert capsys.readouterr() == ("", "")


@pytest.mark.slow
def test_make_serve_takes_the_port_from_a_variable() -> None:
    plan = subprocess.run(["make", "-n", "serve", "PORT=8123"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "scripts/check_port.py 8123" in plan
    assert "mkdocs serve -a 127.0.0.1:8123" in plan

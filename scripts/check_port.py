#!/usr/bin/env python3
"""Say in one line when the port `make serve` wants is taken, instead of MkDocs' long traceback.

Usage: scripts/check_port.py PORT [HOST]   (exit 1 when busy)
"""

from __future__ import annotations

import socket
import sys


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        port = int(args[0])
    except (IndexError, ValueError):
        print("usage: scripts/check_port.py PORT [HOST]", file=sys.stderr)
        return 2
    host = args[1] if len(args) > 1 else "127.0.0.1"
    if not 0 < port < 65536:
        print(f"PORT={args[0]} is not a port number (1-65535).", file=sys.stderr)
        return 1
    if not port_is_free(port, host):
        print(
            f"Port {port} is already in use (another `make serve`?): stop it, or choose another port: "
            f"make serve PORT={port + 1}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

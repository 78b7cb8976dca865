"""``python -m tests.fixtureweb [--port P] [--big N]``: serve the fixture web until interrupted."""

from __future__ import annotations

import argparse
import json
import sys
import time

from tests.fixtureweb import FixtureWeb


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m tests.fixtureweb")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument(
        "--big", type=int, default=0, help="also serve a generated site of N articles on 127.0.0.1"
    )
    a = ap.parse_args()
    with FixtureWeb(port=a.port, big_pages=a.big) as web:
        print(json.dumps({"port": web.port, "hosts": web.hosts()}), flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            sys.exit(0)


if __name__ == "__main__":
    main()

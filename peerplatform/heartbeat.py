"""Celery beat's heartbeat file, for the container health check.

Beat (peerplatform.beat.HeartbeatScheduler) touches the file on every tick, at least once a
minute; `python -m peerplatform.heartbeat` exits 1 when the file is missing or older than
--max-age seconds, so the check fails when beat has stopped or hangs. No Django here: the health
check runs it in a fresh interpreter every minute.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path


def heartbeat_file() -> Path:
    default = Path(tempfile.gettempdir()) / "peerplatform-beat-heartbeat"
    return Path(os.environ.get("BEAT_HEARTBEAT_FILE") or default)


def touch() -> None:
    heartbeat_file().touch()


def age_seconds() -> float | None:
    try:
        return time.time() - heartbeat_file().stat().st_mtime
    except OSError:
        return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-age", type=float, default=180, help="seconds (default 180)")
    args = parser.parse_args(argv)
    age = age_seconds()
    if age is None:
        print(f"beat heartbeat missing: {heartbeat_file()}", file=sys.stderr)
        return 1
    if age > args.max_age:
        print(f"beat heartbeat is {age:.0f} s old (limit {args.max_age:.0f} s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

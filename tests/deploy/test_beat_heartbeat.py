"""Celery beat touches a heartbeat file on every tick; the container health check fails when the
file is missing or stale (beat gone or stuck)."""

import os
import subprocess
import sys
import time
from pathlib import Path

from django_celery_beat.schedulers import DatabaseScheduler

from peerplatform import celery_app
from peerplatform.beat import HeartbeatScheduler

ROOT = Path(__file__).resolve().parents[2]


def check(heartbeat_file):
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "peerplatform.heartbeat", "--max-age", "180"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "BEAT_HEARTBEAT_FILE": str(heartbeat_file)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_each_tick_refreshes_the_heartbeat_and_the_check_follows_it(tmp_path, monkeypatch):
    heartbeat_file = tmp_path / "beat-heartbeat"
    monkeypatch.setenv("BEAT_HEARTBEAT_FILE", str(heartbeat_file))
    # Beat is gone before its first tick: unhealthy.
    result = check(heartbeat_file)
    assert result.returncode == 1
    assert "beat heartbeat missing" in result.stderr

    monkeypatch.setattr(DatabaseScheduler, "tick", lambda self, *a, **kw: 5.0)
    scheduler = HeartbeatScheduler(app=celery_app, lazy=True)
    assert scheduler.tick() == 5.0  # the wrapped scheduler's answer is passed on
    assert heartbeat_file.exists()
    assert check(heartbeat_file).returncode == 0

    # Beat stopped ticking ten minutes ago: unhealthy again.
    old = time.time() - 600
    os.utime(heartbeat_file, (old, old))
    result = check(heartbeat_file)
    assert result.returncode == 1
    assert "old" in result.stderr

    scheduler.tick()
    assert check(heartbeat_file).returncode == 0

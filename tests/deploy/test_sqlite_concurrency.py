"""The laptop default (a SQLite file) answers simultaneous sign-ups without "database is locked".

Runs in its own process on a SQLite file whatever DATABASE_URL says, so it runs in both CI
passes: the in-memory test database locks differently from the file `make run` uses.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_five_simultaneous_course_sign_ups_on_sqlite_all_succeed(tmp_path):
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    env.update(EMAIL_URL="memorymail://", DJANGO_DEBUG="on")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "tests/deploy/sqlite_signups.py", str(tmp_path / "db.sqlite3"), "5"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["errors"] == []
    assert outcome["statuses"] == [302] * 5  # each person is sent on to "check your e-mail"
    assert outcome["enrollments"] == 5

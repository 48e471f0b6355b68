"""`PORT=8101 make run`: the e-mails the demo sends link to port 8101, and the demo logins are the
last thing printed, after those e-mails (the console mail backend prints them)."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, env):
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_seed_on_another_port_links_there_and_ends_with_the_logins(tmp_path):
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        EMAIL_URL="consolemail://",
        PORT="8101",
    )
    assert manage("migrate", "--noinput", "-v0", env=env).returncode == 0
    result = manage("seed_demo", env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout

    assert "Subject:" in out  # the demo does send e-mails
    links = re.findall(r"http://127\.0\.0\.1:(\d+)/", out)
    assert links
    assert set(links) == {"8101"}

    logins = out.index("All demo logins use the password")
    assert out.rindex("Subject:") < logins
    tail = out[logins:].splitlines()[1:]
    assert "  admin@peerplatform.test" in tail[0]
    assert all(re.match(r"  \S+ +\S", line) for line in tail), tail  # nothing but the list

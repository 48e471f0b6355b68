"""No Docker engine runs here, so the compose file and Dockerfile are checked as data, and the
image's start command is run as a plain process."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("web", "worker", "beat")


def load():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def dockerfile():
    return (ROOT / "Dockerfile").read_text()


def test_compose_has_the_production_services():
    services = load()["services"]
    assert set(services) == {"postgres", "redis", "migrate", "web", "worker", "beat"}


def test_migrations_run_once_before_web_worker_and_beat_start():
    services = load()["services"]
    migrate = services["migrate"]
    assert migrate["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert migrate["restart"] == "no"  # a one-shot job
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in APP_SERVICES:
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert depends["postgres"]["condition"] == "service_healthy", name
        assert depends["redis"]["condition"] == "service_healthy", name
        assert "migrate" not in " ".join(services[name]["command"]), name


def test_every_long_running_service_has_a_health_check():
    for name, service in load()["services"].items():
        if name == "migrate":
            continue
        assert service["healthcheck"]["test"], name


def test_health_checks_cannot_match_themselves():
    """A `pgrep -f` under CMD-SHELL finds its own shell and never fails; the checks ask the
    process itself (HTTP, a Celery ping) or read what it writes."""
    for name, service in load()["services"].items():
        check = service.get("healthcheck", {}).get("test", [])
        assert "pgrep" not in " ".join(check), name
    services = load()["services"]
    assert "/healthz/" in " ".join(services["web"]["healthcheck"]["test"])
    assert "inspect ping --destination celery@$$HOSTNAME" in " ".join(
        services["worker"]["healthcheck"]["test"]
    )


def test_beat_writes_a_heartbeat_that_its_health_check_reads():
    beat = load()["services"]["beat"]
    assert "--scheduler" in beat["command"]
    scheduler = beat["command"][beat["command"].index("--scheduler") + 1]
    assert scheduler == "peerplatform.beat:HeartbeatScheduler"
    assert beat["healthcheck"]["test"][:4] == ["CMD", "python", "-m", "peerplatform.heartbeat"]
    assert beat["environment"]["BEAT_HEARTBEAT_FILE"]


def test_commands():
    services = load()["services"]
    web = services["web"]["command"]
    assert web[0] == "gunicorn"
    assert web[web.index("--config") + 1] == "gunicorn.conf.py"
    assert "peerplatform.wsgi:application" in web
    assert services["worker"]["command"][:4] == ["celery", "-A", "peerplatform", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "peerplatform", "beat"]


def test_web_command_is_the_image_command():
    assert load()["services"]["web"]["command"] == image_command()


def test_app_services_read_env_file_and_share_production_environment():
    compose = load()
    for name in ("migrate", *APP_SERVICES):
        service = compose["services"][name]
        assert service["env_file"] == ".env", name
        env = service["environment"]
        assert env["DJANGO_DEBUG"] == "off", name
        assert env["DATABASE_URL"].startswith("postgres://"), name
        assert env["REDIS_URL"].startswith("redis://"), name
        assert {"SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_URL", "SITE_URL"} <= set(env), name


def test_secret_key_and_site_url_are_required_with_a_message():
    env = load()["services"]["web"]["environment"]
    for name in ("SECRET_KEY", "SITE_URL", "ALLOWED_HOSTS", "EMAIL_URL"):
        match = re.fullmatch(r"\$\{(\w+):\?(.+)\}", env[name])
        assert match, f"{name} must be ${{{name}:?message}}"
        assert match.group(1) == name
        assert f"set {name} in .env" in match.group(2)


def test_web_port_is_published_on_this_machine_only():
    assert load()["services"]["web"]["ports"] == ["127.0.0.1:8000:8000"]
    for name, service in load()["services"].items():
        if name != "web":
            assert "ports" not in service, name


def test_named_volumes_for_data():
    compose = load()
    assert {"postgres-data", "redis-data"} <= set(compose["volumes"])
    assert any("postgres-data:" in v for v in compose["services"]["postgres"]["volumes"])


def test_dockerfile_builds_with_collected_static_files_and_locked_dependencies():
    text = dockerfile()
    assert "uv sync --frozen" in text
    assert "collectstatic" in text
    assert "compilemessages" in text
    assert "USER " in text  # does not run as root


def image_environment():
    """The ENV lines of the Dockerfile, as KEY=VALUE pairs."""
    env = {}
    for block in re.findall(r"^ENV (.+?)(?<!\\)$", dockerfile(), re.M | re.S):
        for key, value in re.findall(r'(\w+)=("[^"]*"|\S+)', block):
            env[key] = value.strip('"')
    return env


def image_command():
    line = re.search(r"^CMD (\[.*\])$", dockerfile(), re.M).group(1)
    return json.loads(line)


def test_the_image_defaults_to_debug_off():
    assert image_environment()["DJANGO_DEBUG"] == "off"


def test_the_start_command_with_no_environment_refuses_to_start_and_says_why():
    """The Dockerfile's CMD, run here with nothing but PATH: no DEBUG site with the public
    development key, but a refusal that names the missing variable."""
    bin_dir = str(Path(sys.executable).parent)
    command = image_command()
    assert shutil.which(command[0], path=bin_dir), command[0]
    command = [*command]
    # Any free port: the refusal must come before gunicorn binds.
    command[command.index("--bind") + 1] = "127.0.0.1:0"
    result = subprocess.run(  # noqa: S603
        command,
        cwd=ROOT,
        env={"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DJANGO_DEBUG is off" in output
    assert "Listening at" not in output
    assert "Booting worker" not in output

"""Point the Celery app at a broker for one test (the suite otherwise runs tasks eagerly)."""

import os
import socket
import uuid
from contextlib import contextmanager

from notifications import services
from peerplatform.celery import app

# The tests' Redis: TEST_REDIS (default the machine's 127.0.0.1:6379), so that two test runs at
# once can each have their own server. Databases: 1 cache and 2 broker of the worker-crash test,
# 3 the other broker tests, 15 the eager/real worker test.
TEST_REDIS = os.environ.get("TEST_REDIS", "redis://127.0.0.1:6379").rstrip("/")
REDIS_BROKER_URL = f"{TEST_REDIS}/3"


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def closed_broker_url() -> str:
    return f"redis://127.0.0.1:{closed_port()}/0"


def forget_queue(client, queue: str) -> None:
    """Delete a test queue and the bindings kombu keeps for it in Redis."""
    client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")


def reset_celery_caches():
    """Forget what the Celery app built from its old settings, so new ones take effect."""
    app.__dict__.pop("amqp", None)  # queues, router and producer pool are cached on it
    app._pool = None
    app._backend_cache = None
    if hasattr(app._local, "backend"):
        del app._local.backend


@contextmanager
def celery_broker(url: str, queue: str | None = None):
    """Publish to `url` (on a queue of the test's own) instead of running tasks eagerly."""
    queue = queue or f"test-{uuid.uuid4().hex}"
    changes = {"broker_url": url, "task_always_eager": False, "task_default_queue": queue}
    saved = {key: app.conf[key] for key in changes}
    app.conf.update(changes)
    reset_celery_caches()
    services.drain_started()  # no "drain queued" flag left over from another test
    try:
        yield queue
    finally:
        app.conf.update(saved)
        reset_celery_caches()
        services.drain_started()

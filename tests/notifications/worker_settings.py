"""Settings for the real Celery worker that test_worker_crash.py starts in a subprocess.

The project's settings, read from the environment the test gives (DATABASE_URL: the pytest test
database; CELERY_BROKER_URL and REDIS_URL: this test's Redis databases), with deliveries appended
to a file the test reads and a queue of the test's own.
"""

import os

from peerplatform.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.notifications.backends.AppendToFileEmailBackend"
DELIVERY_LOG = os.environ["TEST_DELIVERY_LOG"]
CELERY_TASK_DEFAULT_QUEUE = os.environ["TEST_CELERY_QUEUE"]

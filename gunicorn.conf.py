"""gunicorn's configuration for the app image: the Dockerfile's CMD and docker-compose.yml's web
service run `gunicorn --config gunicorn.conf.py`.

- DEBUG is off unless the environment says otherwise, and Django loads before gunicorn binds or
  forks (preload_app): without SECRET_KEY, ALLOWED_HOSTS and SITE_URL the server refuses to start
  with a clear message, and never serves a DEBUG site with the public development key.
- The access log goes to stdout with participants' private tokens replaced by `<token>`
  (peerplatform.observability.GunicornLogger); LOG_FORMAT=json gives JSON lines.
- The objects of the preloaded app (Django, every app's modules, some 150,000 of them) are
  frozen before each fork (gc.freeze): the workers' full garbage collections no longer walk them,
  which took about 100 ms every few dozen requests (issue 15, the p95 of the pages), and the
  pages of memory they share with the master stay shared.
"""

import gc
import os

os.environ.setdefault("DJANGO_DEBUG", "off")

wsgi_app = "peerplatform.wsgi:application"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
preload_app = True
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
logger_class = (
    "peerplatform.observability.JsonGunicornLogger"
    if os.environ.get("LOG_FORMAT", "").lower() == "json"
    else "peerplatform.observability.GunicornLogger"
)


def pre_fork(server, worker):
    gc.freeze()

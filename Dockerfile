# The Peerplatform app image: web (gunicorn), Celery worker and beat all run from it.
FROM python:3.11-slim-bookworm

# Production by default: DEBUG off, so SECRET_KEY, ALLOWED_HOSTS and SITE_URL must be given
# (web, worker and beat refuse to start without them, with a message naming the variable).
ENV DJANGO_DEBUG=off \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH="/opt/venv/bin:$PATH"

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* \
    && pip install --no-cache-dir uv \
    && useradd --create-home --uid 1000 peer

WORKDIR /app

# Dependencies first, exactly as uv.lock pins them (no test tools in the image).
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .

# Messages and static files are built into the image; the build needs no real secrets.
RUN python manage.py compilemessages --ignore ".venv/*" \
    && SECRET_KEY=build-only ALLOWED_HOSTS=build SITE_URL=http://build \
       PLAN_ENCRYPTION_KEY=YnVpbGQtb25seS1ub3QtYS1yZWFsLWtleS0wMDAwMDA= \
       python manage.py collectstatic --noinput

USER peer
EXPOSE 8000
# gunicorn.conf.py: Django loads before binding (bad settings stop the start), access log with
# private tokens redacted, WEB_CONCURRENCY workers (default 3).
CMD ["gunicorn", "--config", "gunicorn.conf.py", "--bind", "0.0.0.0:8000", "peerplatform.wsgi:application"]

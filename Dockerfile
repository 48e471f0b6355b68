# The Peerplatform app image: web (gunicorn), Celery worker and beat all run from it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH="/opt/venv/bin:$PATH"

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext procps \
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
    && DJANGO_DEBUG=off SECRET_KEY=build-only ALLOWED_HOSTS=build \
       python manage.py collectstatic --noinput

USER peer
EXPOSE 8000
CMD ["gunicorn", "peerplatform.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]

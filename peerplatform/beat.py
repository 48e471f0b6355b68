"""The Celery beat scheduler: django-celery-beat's, plus a heartbeat file on every tick.

Used with `celery -A peerplatform beat --scheduler peerplatform.beat:HeartbeatScheduler`
(docker-compose.yml); the beat container's health check reads the file (peerplatform.heartbeat).
"""

from django_celery_beat.schedulers import DatabaseScheduler

from peerplatform import heartbeat


class HeartbeatScheduler(DatabaseScheduler):
    def tick(self, *args, **kwargs):
        interval = super().tick(*args, **kwargs)
        heartbeat.touch()
        return interval

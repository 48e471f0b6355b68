"""Keep the prepared guide pool (selectors.guide_pool) true: any change to a guide, its
experience areas or interests, or a match (which changes a guide's capacity left) gives the
organisation a new pool version, now and again after commit (so that a pool rebuilt from
not-yet-committed rows in between is not kept)."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from matching.models import Match
from matching.selectors import invalidate_guide_pool
from volunteers.models import PeerGuide


def _invalidate(organisation_id):
    if organisation_id is None:
        return
    invalidate_guide_pool(organisation_id)
    transaction.on_commit(lambda: invalidate_guide_pool(organisation_id))


def _guide_or_match_changed(sender, instance, **kwargs):
    _invalidate(instance.organisation_id)


def _guide_taxonomy_changed(sender, instance, action, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, PeerGuide):
        _invalidate(instance.organisation_id)
    else:  # changed from the term's side: every organisation with one of those guides
        guide_ids = kwargs.get("pk_set") or []
        organisations = PeerGuide.objects.filter(pk__in=guide_ids).values_list(
            "organisation_id", flat=True
        )
        for organisation_id in set(organisations):
            _invalidate(organisation_id)


def connect():
    for model in (PeerGuide, Match):
        post_save.connect(_guide_or_match_changed, sender=model, dispatch_uid=f"pool-save-{model}")
        post_delete.connect(
            _guide_or_match_changed, sender=model, dispatch_uid=f"pool-delete-{model}"
        )
    for through in (PeerGuide.experience_areas.through, PeerGuide.interests.through):
        m2m_changed.connect(
            _guide_taxonomy_changed, sender=through, dispatch_uid=f"pool-m2m-{through}"
        )

"""Keep the prepared guide pool (selectors.guide_pool) true: any change to a guide, its
experience areas or interests, or a match (which changes a guide's capacity left) gives the
organisation a new pool version, now and again after commit (so that a pool rebuilt from
not-yet-committed rows in between is not kept).

And the kept batch proposal (selectors.batch_proposal): any change to a support request, its
experience areas or interests, the person asking (their municipality, birth year) or a
municipality's position gives the organisations concerned a new waiting-requests version, in the
same way."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from core.models import Municipality
from matching.models import Match, SupportRequest
from matching.selectors import invalidate_guide_pool, invalidate_waiting_requests
from participants.models import Participant
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


def _requests_changed(organisation_ids):
    for organisation_id in set(organisation_ids):
        if organisation_id is not None:
            invalidate_waiting_requests(organisation_id)


def _waiting_organisations(**filters):
    return (
        SupportRequest.objects.filter(status=SupportRequest.Status.WAITING, **filters)
        .order_by()
        .values_list("organisation_id", flat=True)
        .distinct()
    )


def _request_changed(sender, instance, **kwargs):
    _requests_changed([instance.organisation_id])


def _request_terms_changed(sender, instance, action, **kwargs):
    # The terms have no way back to requests (related_name="+"): the instance is the request.
    if action.startswith("post_"):
        _requests_changed([instance.organisation_id])


# What the engine reads of the person asking (matching.selectors._request_querysets).
_PROFILE_FIELDS = frozenset({"municipality", "municipality_id", "birth_year"})


def _participant_changed(sender, instance, created=False, update_fields=None, **kwargs):
    if created:  # nobody new has a request yet
        return
    if update_fields is not None and not _PROFILE_FIELDS & set(update_fields):
        return  # saved fields the engine does not read (a consent, a login time): no query
    _requests_changed(_waiting_organisations(participant_id=instance.pk))


def _municipality_changed(sender, instance, created=False, **kwargs):
    if created:
        return
    _requests_changed(_waiting_organisations(participant__municipality_id=instance.pk))


def connect():
    post_save.connect(_request_changed, sender=SupportRequest, dispatch_uid="waiting-save")
    post_delete.connect(_request_changed, sender=SupportRequest, dispatch_uid="waiting-delete")
    for through in (SupportRequest.experience_areas.through, SupportRequest.interests.through):
        m2m_changed.connect(
            _request_terms_changed, sender=through, dispatch_uid=f"waiting-m2m-{through}"
        )
    post_save.connect(_participant_changed, sender=Participant, dispatch_uid="waiting-person")
    post_save.connect(_municipality_changed, sender=Municipality, dispatch_uid="waiting-place")

    for model in (PeerGuide, Match):
        post_save.connect(_guide_or_match_changed, sender=model, dispatch_uid=f"pool-save-{model}")
        post_delete.connect(
            _guide_or_match_changed, sender=model, dispatch_uid=f"pool-delete-{model}"
        )
    for through in (PeerGuide.experience_areas.through, PeerGuide.interests.through):
        m2m_changed.connect(
            _guide_taxonomy_changed, sender=through, dispatch_uid=f"pool-m2m-{through}"
        )

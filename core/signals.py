"""Signal receivers of core (connected in CoreConfig.ready)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.models import CrisisContact, ExperienceArea, Interest, Organisation
from core.selectors import crisis_contacts_changed, terms_changed


@receiver([post_save, post_delete], sender=CrisisContact)
@receiver([post_save, post_delete], sender=Organisation)
def _crisis_contacts_changed(sender, **kwargs):
    crisis_contacts_changed()


@receiver([post_save, post_delete], sender=ExperienceArea)
@receiver([post_save, post_delete], sender=Interest)
def _terms_changed(sender, **kwargs):
    terms_changed()

from django.conf import settings


def site(request):
    """Site facts every template may show."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
    }

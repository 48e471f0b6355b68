from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import check_for_language


class DanishFirstLocaleMiddleware(LocaleMiddleware):
    """Danish unless the person chose English with the language switcher.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show English to
    the many Danes whose phone or browser is set to English. Here only the switcher's cookie (and
    the default, Danish) decides.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if not (language and language in dict(settings.LANGUAGES) and check_for_language(language)):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

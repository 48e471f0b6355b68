"""Links in messages open in the message's language (issue 17, point 6).

The outbox adds ``?lang=da|en`` to every link to this site in an e-mail or a text message
(``notifications.services.links_in_language``). This middleware, placed before Django's
LocaleMiddleware, reads the parameter: the page is shown in that language whatever the browser
asks for, the language is kept in the same cookie the language switcher sets, and the parameter
is taken out of the request (so the switcher's "back to this page" does not carry it, and the
switcher still overrides it).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import QueryDict

PARAMETER = "lang"


class LinkLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.GET.get(PARAMETER)
        if language is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        rest = request.GET.copy()
        rest.pop(PARAMETER, None)
        query = urlencode(list(rest.lists()), doseq=True)
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)
        if language not in self.languages:
            return self.get_response(request)
        request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = language
        response = self.get_response(request)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response

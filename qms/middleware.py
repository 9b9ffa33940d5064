"""Request middleware of the intranet."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login

# Paths any visitor may open: the login page, assets, the admin (it has its own login),
# the API (token authentication) and the pages meant for citizens.
PUBLIC_PATH_PREFIXES = (
    "/login/",
    "/logout/",
    "/i18n/",
    "/static/",
    "/admin/",
    "/django-admin/",
    "/api/",
    "/public/",
    "/favicon.ico",
)


class LoginRequiredIntranetMiddleware:
    """The intranet is for the municipality's staff: every page requires a login,
    except the few paths in PUBLIC_PATH_PREFIXES (and QMS_PUBLIC_PATH_PREFIXES)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.public = PUBLIC_PATH_PREFIXES + tuple(
            getattr(settings, "QMS_PUBLIC_PATH_PREFIXES", ())
        )

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(self.public):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)


class PreferredLanguageMiddleware:
    """French unless the person chose another language (the language cookie set by the
    selector in the page footer). Unlike Django's LocaleMiddleware, the browser's
    Accept-Language is not used: a municipality's intranet speaks French by default."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response

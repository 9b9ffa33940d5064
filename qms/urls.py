from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from actions import urls as actions_urls
from audits import urls as audits_urls
from compliance import urls as compliance_urls
from documents import urls as documents_urls
from feedback import urls as feedback_urls
from indicators import urls as indicators_urls
from indicators.api import router as indicators_router
from processes import urls as processes_urls
from reviews import urls as reviews_urls

from .api import api
from .views.todo import todo_list

api.add_router("/", indicators_router)

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("a-faire/", todo_list, name="todo"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/", api.urls),
    path("indicateurs/", include(indicators_urls)),
    path("processus/", include(processes_urls)),
    path("actions/", include(actions_urls)),
    path("audits/", include(audits_urls)),
    path("conformite/", include(compliance_urls)),
    path("innovation/", include("innovation.urls")),
    path("revues-de-direction/", include(reviews_urls)),
    path("certifications/", include("certification.urls")),
    path("preparation/", include("readiness.urls")),
    path("competences/", include("competence.urls")),
    path("prestataires/", include("providers.urls")),
    path("equipements-de-mesure/", include("metrology.urls")),
    # Feedback has staff pages (complaints, survey results) and, under /public/, the
    # pages citizens open without a login (answering a survey, the commitments' results).
    path("", include(feedback_urls)),
    path("", include(documents_urls)),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

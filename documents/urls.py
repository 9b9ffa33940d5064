from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("suivi/lectures/", views.acknowledgement_report, name="acknowledgement_report"),
    path(
        "suivi/lectures/<int:page_id>/",
        views.acknowledgement_missing,
        name="acknowledgement_missing",
    ),
    path("suivi/revues/", views.review_list, name="review_list"),
]

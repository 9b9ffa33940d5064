"""Pages of user feedback, mounted at the site root: staff pages under reclamations/,
enquetes/ and engagements/; citizens' pages under public/ (no login)."""

from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("reclamations/", views.feedback_list, name="feedback_list"),
    path("reclamations/export.xlsx", views.feedback_export, name="feedback_export"),
    path("reclamations/nouvelle/", views.feedback_create, name="feedback_create"),
    path("reclamations/<int:pk>/", views.feedback_detail, name="feedback_detail"),
    path("reclamations/<int:pk>/modifier/", views.feedback_edit, name="feedback_edit"),
    path("reclamations/<int:pk>/non-conformite/", views.feedback_open_nonconformity,
         name="feedback_open_nonconformity"),
    path("enquetes/", views.survey_list, name="survey_list"),
    path("enquetes/nouvelle/", views.survey_create, name="survey_create"),
    path("enquetes/<int:pk>/", views.survey_results, name="survey_results"),
    path("enquetes/<int:pk>/resultats.pdf", views.survey_results_pdf,
         name="survey_results_pdf"),
    path("enquetes/<int:pk>/construire/", views.survey_build, name="survey_build"),
    path("enquetes/<int:pk>/questions/ajouter/", views.question_add, name="question_add"),
    path("enquetes/<int:pk>/questions/<int:question_pk>/modifier/", views.question_edit,
         name="question_edit"),
    path("enquetes/<int:pk>/questions/<int:question_pk>/deplacer/", views.question_move,
         name="question_move"),
    path("enquetes/<int:pk>/questions/<int:question_pk>/retirer/", views.question_remove,
         name="question_remove"),
    path("enquetes/<int:pk>/indicateurs/", views.survey_feed, name="survey_feed"),
    path("engagements/", views.commitment_register, name="commitment_register"),
    path("public/enquetes/<str:token>/", views.public_survey, name="public_survey"),
    path("public/enquetes/<str:token>/merci/", views.public_survey_thanks,
         name="public_survey_thanks"),
    path("public/engagements/", views.public_commitments, name="public_commitments"),
]

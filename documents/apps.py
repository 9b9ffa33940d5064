from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Controlled documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from qms import demo, todo

        from .evidence import register_kinds

        # The demo data: the organisation, its people and the document library.
        demo.register("documents", "documents.demo.load_demo", order=10)
        # ...and the agents added by later demos read the policy and the scope.
        demo.register("documents-newcomers", "documents.demo.newcomers.load_demo", order=65)
        # The to-do list: documents to acknowledge, documents to review.
        todo.register("documents.todo.acknowledgements", order=10)
        todo.register("documents.todo.reviews", order=15)
        # The readiness matrix: scope, policy, awareness and document control evidence.
        register_kinds()

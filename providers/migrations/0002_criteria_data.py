"""The evaluation criteria shipped with the register (the quality engineer may change
them in the back office). Idempotent: a criterion is found by its name."""

from django.db import migrations

CRITERIA = [
    # name, description, weight, order
    ("Qualité de la prestation", "Conformité du travail rendu aux attentes des usagers et du "
     "service.", 3, 1),
    ("Respect des délais", "Interventions, livraisons et rendus dans les délais convenus.", 2, 2),
    ("Conformité au contrat", "Respect du cahier des charges, du CCTP ou de la convention de "
     "délégation.", 3, 3),
    ("Réactivité", "Prise en compte des demandes, des réclamations et des urgences.", 2, 4),
    ("Santé, sécurité et environnement", "Plan de prévention, sécurité des intervenants, "
     "gestion des déchets et des produits.", 2, 5),
    ("Facturation", "Factures exactes, conformes au bordereau de prix, transmises sur Chorus "
     "Pro.", 1, 6),
]


def forward(apps, schema_editor):
    Criterion = apps.get_model("providers", "EvaluationCriterion")
    for name, description, weight, order in CRITERIA:
        Criterion.objects.get_or_create(
            name=name, defaults={"description": description, "weight": weight,
                                 "order": order, "is_active": True})


def backward(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("providers", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]

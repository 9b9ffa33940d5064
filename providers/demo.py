"""Demo data of the providers' register: ~25 providers of a municipality (cleaning,
water concession holder, school catering, IT maintenance, waste collection, green spaces,
printing, security…) evaluated over two years through providers.services: most approved,
a few under watch, one to be replaced with its action in the action plan, two overdue.

Idempotent: a provider is found by its name; its evaluations are recorded only when it
has none. Registered with qms.demo as "providers" (order 55)."""

from __future__ import annotations

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from qms import roles
from qms.demo import DemoRefused
from qms.models import Service, User

from . import services
from .models import Evaluation, EvaluationCriterion, Provider

K = Provider.Kind
C = Provider.Criticality
OK, WATCH, REPLACE, OVERDUE = "ok", "watch", "replace", "overdue"

# name, kind, service codes, contract reference, criticality, interval (months), profile,
# base mark (1–4)
PROVIDERS: list[tuple] = [
    ("Propreté Services Atlantique", K.CONTRACTOR, ["batiments", "accueil"], "MP-2023-014",
     C.HIGH, 12, OK, 3),
    ("Eaux de Belleville (SPL)", K.CONCESSION, ["step", "voirie"], "DSP-EAU-2019",
     C.HIGH, 12, OK, 4),
    ("Saveurs Collectives", K.SUPPLIER, ["restauration", "scolaire"], "MP-2022-031",
     C.HIGH, 6, WATCH, 3),
    ("Infogérance Ouest", K.CONTRACTOR, ["dsi"], "MP-2024-002", C.HIGH, 12, OK, 3),
    ("Collectes Urbaines Réunies", K.CONCESSION, ["proprete"], "DSP-DECHETS-2021",
     C.HIGH, 12, OK, 3),
    ("Jardins et Paysages du Val", K.CONTRACTOR, ["espaces-verts"], "MP-2023-020",
     C.MEDIUM, 12, OK, 4),
    ("Imprimerie Municipale Moderne", K.SUPPLIER, ["communication"], "MP-2022-045",
     C.LOW, 12, OK, 3),
    ("Vigilance Sécurité Privée", K.CONTRACTOR, ["police", "batiments"], "MP-2023-008",
     C.MEDIUM, 12, REPLACE, 2),
    ("Ascenseurs Maintenance Service", K.CONTRACTOR, ["batiments"], "MP-2021-017",
     C.HIGH, 12, OK, 3),
    ("Chauffage Énergies Services", K.CONTRACTOR, ["batiments"], "MP-2022-009",
     C.HIGH, 12, OK, 3),
    ("Boues et Valorisation", K.CONTRACTOR, ["step"], "MP-2023-027", C.MEDIUM, 12, OK, 3),
    ("Laboratoire Départemental d'Analyses", K.SUPPLIER, ["step"], "MP-2022-050",
     C.HIGH, 12, OK, 4),
    ("Transports Scolaires du Bocage", K.CONCESSION, ["scolaire"], "DSP-TRANSP-2020",
     C.HIGH, 12, WATCH, 3),
    ("Fournitures de Bureau Pro", K.SUPPLIER, ["marches", "finances"], "UGAP-2024",
     C.LOW, 24, OK, 3),
    ("Archives et Numérisation", K.CONTRACTOR, ["etat-civil", "juridique"], "MP-2023-033",
     C.MEDIUM, 12, OVERDUE, 3),
    ("Crèche Les Petits Pas (DSP)", K.CONCESSION, ["petite-enfance"], "DSP-CRECHE-2022",
     C.HIGH, 12, OK, 3),
    ("Signalisation Routière 44", K.SUPPLIER, ["voirie"], "MP-2023-041", C.MEDIUM, 12, OK, 3),
    ("Éclairage Public Services", K.CONTRACTOR, ["voirie"], "MP-2021-012", C.HIGH, 12,
     WATCH, 3),
    ("Médiathèques Fournisseurs Réunis", K.SUPPLIER, ["bibliotheque"], "MP-2024-006",
     C.LOW, 12, OK, 4),
    ("Assistance Juridique Publique", K.CONTRACTOR, ["juridique"], "MP-2023-019",
     C.MEDIUM, 24, OK, 4),
    ("Formations Territoires Conseil", K.SUPPLIER, ["rh"], "MP-2022-037", C.LOW, 12,
     OVERDUE, 3),
    ("Restauration Portage à Domicile", K.SUPPLIER, ["ccas"], "MP-2023-011", C.HIGH, 6,
     OK, 3),
    ("Nettoyage Vitrerie Express", K.CONTRACTOR, ["batiments", "sports"], "MP-2024-013",
     C.LOW, 12, OK, 3),
    ("Billetterie Numérique Locale", K.SUPPLIER, ["sports", "bibliotheque"], "MP-2024-021",
     C.MEDIUM, 12, OK, 3),
    ("Téléphonie Collectivités", K.SUPPLIER, ["dsi", "accueil"], "UGAP-2023-TEL",
     C.MEDIUM, 12, OK, 4),
]
COMMENTS = {
    Evaluation.Conclusion.WATCH: "Retards répétés et réclamations d'usagers : plan de "
                                 "progrès demandé, point mensuel avec le prestataire.",
    Evaluation.Conclusion.REPLACE: "Manquements graves au contrat malgré deux mises en "
                                   "demeure : préparer la remise en concurrence.",
}


def _siret(index: int) -> str:
    """A SIRET with a valid Luhn check digit, made up for the demo."""
    base = f"{21440000 + 37 * index:08d}{10000 + index:05d}"
    for digit in range(10):
        candidate = base + str(digit)
        total = 0
        for position, char in enumerate(reversed(candidate)):
            number = int(char) * (2 if position % 2 else 1)
            total += number - 9 if number > 9 else number
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


def _mark(base: int, criterion: int, round_: int, index: int) -> int:
    return max(1, min(4, base + ((criterion * 7 + round_ * 3 + index) % 3) - 1))


def load_demo(stdout=None, **kwargs) -> dict:
    def write(message):
        if stdout is not None:
            stdout.write(message + "\n")

    quality = (User.objects.filter(groups__name=roles.QUALITY_ENGINEER, is_active=True)
               .order_by("username").first())
    if quality is None:
        raise DemoRefused("The providers' demo needs the demo quality engineer.")
    service_map = Service.objects.in_bulk(field_name="code")
    pilots = {}
    for pilot in (User.objects.filter(groups__name=roles.PILOT, is_active=True)
                  .select_related("service").order_by("username")):
        if pilot.service_id:
            pilots.setdefault(pilot.service.code, pilot)
    criteria = list(EvaluationCriterion.objects.filter(is_active=True).order_by("order", "pk"))
    counts = {"providers": 0, "evaluations": 0, "actions": 0}
    today = timezone.localdate()
    with transaction.atomic():
        for index, entry in enumerate(PROVIDERS):
            provider = _provider(index, entry, service_map, quality, today, counts)
            if provider is not None and not provider.evaluations.exists():
                _evaluations(index, entry, provider, criteria, pilots, quality, today, counts)
    write("Providers: {providers} providers, {evaluations} evaluations, {actions} actions."
          .format(**counts))
    return counts


def _provider(index, entry, service_map, quality, today, counts):
    name, kind, codes, reference, criticality, interval, _profile, _base = entry
    provider = Provider.objects.filter(name=name).first()
    if provider is not None:
        return provider
    provider_services = [service_map[c] for c in codes if c in service_map]
    if not provider_services:
        return None
    slug = name.lower().split()[0].replace("'", "")
    provider = services.provider_create(
        name=name, kind=kind, services=provider_services, siret=_siret(index),
        contact_name=f"Responsable de compte {name.split()[0]}",
        contact_email=f"contact@{slug}.example", contact_phone=f"02 40 {10 + index:02d} 00 00",
        contract_reference=reference, criticality=criticality,
        contract_start=today - relativedelta(years=3, months=index % 12),
        contract_end=today + relativedelta(years=1 + index % 3),
        evaluation_interval_months=interval, user=quality,
    )
    counts["providers"] += 1
    return provider


def _evaluations(index, entry, provider, criteria, pilots, quality, today, counts):
    _name, _kind, codes, _ref, _crit, interval, profile, base = entry
    evaluator = next((pilots[c] for c in codes if c in pilots), quality)
    last = today - relativedelta(months=interval + 2 if profile == OVERDUE
                                 else 1 + index % min(interval - 1, 9))
    dates = []
    on = last
    while on >= today - relativedelta(months=24):
        dates.append(on)
        on -= relativedelta(months=interval)
    dates.reverse()
    for round_, on in enumerate(dates):
        final = round_ == len(dates) - 1
        mark = base
        conclusion = Evaluation.Conclusion.APPROVED
        if profile in (WATCH, REPLACE) and final:
            mark = 2 if profile == WATCH else 1
            conclusion = (Evaluation.Conclusion.WATCH if profile == WATCH
                          else Evaluation.Conclusion.REPLACE)
        elif profile == REPLACE:
            conclusion = Evaluation.Conclusion.WATCH
        scores = [{"criterion": c, "score": _mark(mark, position, round_, index)}
                  for position, c in enumerate(criteria)]
        evaluation = services.evaluation_record(
            provider=provider, evaluator=evaluator, evaluated_on=on,
            period_start=on - relativedelta(months=interval), period_end=on,
            conclusion=conclusion, scores=scores, comment=COMMENTS.get(conclusion, ""),
            user=evaluator,
        )
        counts["evaluations"] += 1
        if profile == REPLACE and final:
            services.evaluation_action_propose(evaluation=evaluation, user=evaluator)
            counts["actions"] += 1


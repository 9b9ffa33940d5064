"""Demo data of the measuring resources: ~20 resources of a municipality (queue
ticketing at the reception, footfall counters at the media library, water and energy
meters, the wastewater plant's analysers and flow meters, the survey tool, a sound level
meter…) with two years of verifications through metrology.services: one not conform
with its corrective action, two overdue.

Idempotent: a resource is found by its identifier; its verifications are recorded only
when it has none. Registered with qms.demo as "metrology" (order 55, like the providers,
who verify some of them: their demo is loaded first)."""

from __future__ import annotations

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from providers.models import Provider
from qms import roles
from qms.demo import DemoRefused
from qms.models import Service, Site, User

from . import services
from .models import MeasuringResource, Verification

K = MeasuringResource.Kind
M = MeasuringResource.Method
LAB = "Laboratoire Départemental d'Analyses"
WATER = "Eaux de Belleville (SPL)"
HEATING = "Chauffage Énergies Services"
IT = "Infogérance Ouest"

# name, identifier, kind, service, site, location, measures, method, interval, provider,
# profile ("ok", "overdue", "not_conform", "adjusted")
RESOURCES: list[tuple] = [
    ("Borne de gestion de file d'attente", "QT-ACC-01", K.QUEUE, "accueil", "Hôtel de ville",
     "Hall d'accueil", "Temps d'attente au guichet, tickets émis", M.FUNCTIONAL, 6, IT, "ok"),
    ("Afficheur d'appel des guichets", "QT-ACC-02", K.QUEUE, "accueil", "Hôtel de ville",
     "Guichets 1 à 4", "Temps de traitement par guichet", M.FUNCTIONAL, 6, IT, "adjusted"),
    ("Compteur de fréquentation entrée principale", "CPT-MED-01", K.FOOTFALL, "bibliotheque",
     "Médiathèque Jules-Verne", "Entrée principale", "Entrées quotidiennes", M.VERIFICATION,
     12, "", "ok"),
    ("Compteur de fréquentation espace jeunesse", "CPT-MED-02", K.FOOTFALL, "bibliotheque",
     "Médiathèque Jules-Verne", "Espace jeunesse", "Entrées de l'espace jeunesse",
     M.VERIFICATION, 12, "", "overdue"),
    ("Compteur d'eau général de l'hôtel de ville", "EAU-HDV-01", K.METER, "batiments",
     "Hôtel de ville", "Local technique", "Consommation d'eau (m³)", M.VERIFICATION, 24,
     WATER, "ok"),
    ("Compteur d'énergie de la chaufferie", "ENE-CTM-01", K.METER, "batiments",
     "Centre technique municipal", "Chaufferie", "Consommation de chaleur (kWh)",
     M.CALIBRATION, 24, HEATING, "ok"),
    ("Compteur électrique de l'éclairage public", "ENE-VOI-01", K.METER, "voirie", "",
     "Armoire de commande secteur nord", "Consommation d'électricité (kWh)", M.VERIFICATION,
     24, "", "ok"),
    ("Débitmètre d'entrée de station", "STEP-DEB-01", K.ANALYSER, "step",
     "Station d'épuration des Prés-Bas", "Canal d'entrée", "Débit entrant (m³/h)",
     M.CALIBRATION, 12, LAB, "ok"),
    ("Débitmètre de sortie de station", "STEP-DEB-02", K.ANALYSER, "step",
     "Station d'épuration des Prés-Bas", "Canal de rejet", "Débit rejeté (m³/h)",
     M.CALIBRATION, 12, LAB, "not_conform"),
    ("Préleveur automatique réfrigéré", "STEP-PRE-01", K.ANALYSER, "step",
     "Station d'épuration des Prés-Bas", "Entrée de station", "Échantillons moyens 24 h",
     M.VERIFICATION, 12, LAB, "ok"),
    ("Sonde à oxygène dissous du bassin d'aération", "STEP-O2-01", K.ANALYSER, "step",
     "Station d'épuration des Prés-Bas", "Bassin d'aération", "Oxygène dissous (mg/l)",
     M.CALIBRATION, 6, LAB, "adjusted"),
    ("Analyseur d'ammonium", "STEP-NH4-01", K.ANALYSER, "step",
     "Station d'épuration des Prés-Bas", "Sortie clarificateur", "NH4 (mg/l)",
     M.CALIBRATION, 6, LAB, "ok"),
    ("Sonde de turbidité", "STEP-TUR-01", K.ANALYSER, "step",
     "Station d'épuration des Prés-Bas", "Canal de rejet", "Matières en suspension (NTU)",
     M.CALIBRATION, 6, LAB, "overdue"),
    ("Outil d'enquête de satisfaction en ligne", "ENQ-01", K.SURVEY, "qualite",
     "Hôtel de ville", "Logiciel", "Satisfaction des usagers (questionnaires)",
     M.FUNCTIONAL, 12, "", "ok"),
    ("Borne de satisfaction « smileys »", "ENQ-02", K.SURVEY, "accueil", "Hôtel de ville",
     "Sortie du hall", "Satisfaction immédiate des usagers", M.FUNCTIONAL, 12, "", "ok"),
    ("Sonomètre intégrateur classe 1", "SON-POL-01", K.SOUND, "police", "Hôtel de ville",
     "Poste de police", "Niveau sonore (dB(A)) des nuisances", M.CALIBRATION, 24, "", "ok"),
    ("Balance de la cuisine centrale", "BAL-RES-01", K.SCALE, "restauration",
     "Cuisine centrale", "Réception des marchandises", "Masse des denrées livrées (kg)",
     M.VERIFICATION, 12, "", "ok"),
    ("Thermomètres-sondes de la cuisine centrale", "THE-RES-01", K.OTHER, "restauration",
     "Cuisine centrale", "Zone de production", "Températures à cœur (°C)", M.CALIBRATION,
     12, "", "ok"),
    ("Pluviomètre du centre technique", "PLU-CTM-01", K.OTHER, "espaces-verts",
     "Centre technique municipal", "Toiture", "Pluviométrie (mm) pour l'arrosage",
     M.FUNCTIONAL, 12, "", "ok"),
    ("Compteur d'accès à la piscine", "CPT-SPO-01", K.FOOTFALL, "sports", "",
     "Tourniquets d'entrée", "Entrées à la piscine", M.VERIFICATION, 12, "", "ok"),
]


def load_demo(stdout=None, *, with_providers: bool = True, **kwargs) -> dict:
    """Both demos have order 55 and "metrology" sorts first: the providers' demo
    (idempotent) is loaded here first so the resources find the providers verifying them
    (`with_providers=False` leaves it out)."""
    if with_providers:
        from providers.demo import load_demo as load_providers

        load_providers(stdout=stdout)
    quality = (User.objects.filter(groups__name=roles.QUALITY_ENGINEER, is_active=True)
               .order_by("username").first())
    if quality is None:
        raise DemoRefused("The measuring resources' demo needs the demo quality engineer.")
    service_map = Service.objects.in_bulk(field_name="code")
    sites = Site.objects.in_bulk(field_name="name")
    providers = {p.name: p for p in Provider.objects.filter(
        name__in={entry[9] for entry in RESOURCES if entry[9]})}
    pilots = {}
    for pilot in (User.objects.filter(groups__name=roles.PILOT, is_active=True)
                  .select_related("service").order_by("username")):
        if pilot.service_id:
            pilots.setdefault(pilot.service.code, pilot)
    counts = {"resources": 0, "verifications": 0, "actions": 0}
    today = timezone.localdate()
    with transaction.atomic():
        for index, entry in enumerate(RESOURCES):
            (name, identifier, kind, code, site, location, measures, method, interval,
             provider_name, profile) = entry
            service = service_map.get(code)
            if service is None:
                continue
            resource = MeasuringResource.objects.filter(identifier=identifier).first()
            if resource is None:
                resource = services.resource_create(
                    name=name, identifier=identifier, kind=kind, service=service,
                    site=sites.get(site), location=location, measures=measures,
                    method=method, interval_months=interval,
                    provider=providers.get(provider_name), user=quality)
                counts["resources"] += 1
            if resource.verifications.exists():
                continue
            user = pilots.get(code, quality)
            last = today - relativedelta(months=interval + 1 if profile == "overdue"
                                         else 1 + index % max(1, min(interval - 1, 8)))
            dates, on = [], last
            while on >= today - relativedelta(months=24):
                dates.append(on)
                on -= relativedelta(months=interval)
            for number, on in enumerate(reversed(dates)):
                final = number == len(dates) - 1
                result = Verification.Result.CONFORM
                comment = ""
                if final and profile == "not_conform":
                    result = Verification.Result.NOT_CONFORM
                    comment = "Écart de 8 % avec le débitmètre étalon : capteur à remplacer."
                elif final and profile == "adjusted":
                    result = Verification.Result.ADJUSTED
                    comment = "Dérive corrigée lors de la vérification."
                provider = providers.get(provider_name)
                verification = services.verification_record(
                    resource=resource, performed_on=on, result=result, comment=comment,
                    provider=provider,
                    performed_by="" if provider else f"{user.get_full_name()} (en interne)",
                    user=user)
                counts["verifications"] += 1
                if result == Verification.Result.NOT_CONFORM:
                    services.verification_action_propose(verification=verification,
                                                         user=user)
                    counts["actions"] += 1
    if stdout is not None:
        stdout.write("Measuring resources: {resources} resources, {verifications} "
                     "verifications, {actions} actions.\n".format(**counts))
    return counts

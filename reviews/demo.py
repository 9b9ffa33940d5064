"""Demo data of the reviews: last year's management review, held in February and
validated (its inputs compiled and frozen, comments, three decisions with their actions,
one already done), two process reviews of last year (one validated), and this year's
management review in preparation (compiled, partly commented).

Built through reviews.services, so it follows the rules users meet. Idempotent: a review
is found by its title, a process review by its process and period. Registered with
qms.demo as "reviews" (order 90), after every module whose data it compiles."""

from __future__ import annotations

import datetime
import time

from django.utils import timezone

from actions import services as action_services
from actions.models import Action
from processes.models import Process
from qms import roles
from qms.demo import DemoRefused
from qms.models import User

from . import services
from .models import ManagementReview, ProcessReview, ReviewDecision

COMMENTS = {
    "a": "Les actions décidées lors de la revue précédente sont pour l'essentiel engagées ; "
         "les retards concernent le guichet numérique.",
    "b": "Nouveaux enjeux climatiques (canicules) et budgétaires ; attentes des usagers "
         "sur les rendez-vous en ligne.",
    "c2": "Objectifs atteints pour l'accueil ; l'état civil reste en alerte sur les délais.",
    "d": "Ressources jugées suffisantes hors période estivale ; un renfort saisonnier est "
         "nécessaire à l'accueil.",
    "e": "Les actions de réduction ont abaissé la criticité de la plupart des risques traités.",
    "f": "Pistes : prise de rendez-vous en ligne, dématérialisation des actes.",
}

DECISIONS = [
    (ReviewDecision.Kind.IMPROVEMENT, "Généraliser la prise de rendez-vous en ligne",
     "Généraliser la prise de rendez-vous en ligne à tous les guichets.", 120, "done"),
    (ReviewDecision.Kind.QMS_CHANGE, "Intégrer l'enjeu climatique à la cartographie",
     "Réviser la cartographie des processus pour intégrer l'enjeu climatique (ISO 9001 A1).",
     200, "progress"),
    (ReviewDecision.Kind.RESOURCES, "Renfort saisonnier à l'accueil",
     "Recruter un renfort saisonnier à l'accueil pour juillet et août.", 150, "planned"),
]


def _people():
    users = list(User.objects.filter(is_active=True).prefetch_related("groups")
                 .order_by("username"))
    by_role = {}
    for user in users:
        for group in user.groups.all():
            by_role.setdefault(group.name, []).append(user)
    if not by_role.get(roles.QUALITY_ENGINEER) or not by_role.get(roles.PILOT):
        raise DemoRefused("The reviews' demo needs the demo organisation first: load the "
                          "documents' demo.")
    return by_role


def load_demo(stdout=None) -> dict:
    def write(message):
        if stdout is not None:
            stdout.write(message + "\n")

    today = timezone.localdate()
    year = today.year
    people = _people()
    quality = people[roles.QUALITY_ENGINEER][0]
    direction = people.get(roles.DIRECTION, [])[:3]
    pilots = people[roles.PILOT]
    created = []

    last_title = f"Revue de direction {year - 1}"
    if not ManagementReview.objects.filter(title=last_title).exists():
        held_on = min(datetime.date(year, 2, 10), today)
        review = services.review_create(
            title=last_title, period_start=datetime.date(year - 1, 1, 1),
            period_end=datetime.date(year - 1, 12, 31), user=quality,
            participants=[quality, *direction], place="Salle du conseil municipal",
            external_participants="M. le Maire\nAdjointe déléguée à la qualité du service public",
        )
        services.review_compile(review=review, user=quality)
        for key, comment in COMMENTS.items():
            services.review_comment_section(review=review, section=key, comment=comment,
                                            user=quality)
        for i, (kind, title, text, days, state) in enumerate(DECISIONS):
            owner = pilots[i % len(pilots)]
            decision = services.review_decide(
                review=review, kind=kind, title=title, text=text, owner=owner,
                service=owner.service, due_date=held_on + datetime.timedelta(days=days),
                user=quality)
            action = Action.objects.for_source(decision).get()
            if state == "done":
                action_services.action_close(action=action, user=quality)
            elif state == "progress":
                action_services.action_update(action=action, user=quality, progress=40)
        services.review_update(
            review=review, user=quality, held_on=held_on,
            minutes="La revue s'est tenue en présence du maire et de la direction générale. "
                    "Les données d'entrée ont été présentées section par section ; trois "
                    "décisions ont été arrêtées et inscrites au plan d'actions.")
        services.review_validate(review=review, user=quality)
        created.append(last_title)

    for index, process in enumerate(Process.objects.active().order_by("code")[:2]):
        period = (datetime.date(year - 1, 1, 1), datetime.date(year - 1, 12, 31))
        if ProcessReview.objects.filter(process=process, period_start=period[0]).exists():
            continue
        pilot = process.pilot or quality
        review = services.process_review_create(
            process=process, period_start=period[0], period_end=period[1], user=quality,
            participants=[pilot, quality], held_on=min(datetime.date(year, 1, 20), today),
            comment="Indicateurs globalement conformes ; deux risques à réévaluer.")
        services.process_review_compile(review=review, user=quality)
        if index == 0:
            services.process_review_update(review=review, user=quality,
                                           conclusions="Processus maîtrisé.")
            services.process_review_validate(review=review, user=quality)
        created.append(str(review))

    this_title = f"Revue de direction {year}"
    elapsed = None
    if not ManagementReview.objects.filter(title=this_title).exists():
        review = services.review_create(
            title=this_title, period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31), user=quality,
            participants=[quality, *direction], place="Salle du conseil municipal")
        started = time.perf_counter()
        services.review_compile(review=review, user=quality)
        elapsed = time.perf_counter() - started
        services.review_comment_section(review=review, section="a",
                                        comment=COMMENTS["a"], user=quality)
        created.append(this_title)

    if created:
        write(f"Reviews: {', '.join(created)} created"
              + (f" (inputs compiled in {elapsed:.2f} s)" if elapsed is not None else "")
              + ".")
    else:
        write("Reviews: already loaded, nothing to create.")
    return {"created": created, "compile_seconds": elapsed}

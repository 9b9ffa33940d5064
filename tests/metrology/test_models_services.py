import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext

from actions.models import Action
from metrology import services
from metrology.models import MeasuringResource, Verification
from metrology.selectors import register, with_verifications

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.mark.parametrize("interval", [0, -3])
def test_interval_must_be_positive(people, accueil, interval):
    with pytest.raises(ValidationError) as error:
        services.resource_create(name="X", kind="other", service=accueil,
                                 interval_months=interval, user=people.quality)
    assert error.value.message_dict["interval_months"] == [
        gettext("Choose an interval of 1 to 120 months.")]
    assert not MeasuringResource.objects.exists()


def test_verification_in_the_future_or_not_conform_without_comment(ticketing, people):
    with pytest.raises(ValidationError) as error:
        services.verification_record(resource=ticketing, result="not_conform",
                                     performed_on=TODAY + datetime.timedelta(days=1),
                                     performed_by="", user=people.pilot)
    errors = error.value.message_dict
    assert errors["performed_on"] == [gettext("A verification cannot be dated in the future.")]
    assert errors["comment"] == [gettext("Say what was found not conform.")]
    assert errors["performed_by"] == [gettext(
        "Say who performed the verification, or choose the provider.")]
    assert not Verification.objects.exists()


def test_verification_sets_next_due_and_keeps_history(ticketing, people):
    on = datetime.date(2026, 3, 31)
    verification = services.verification_record(
        resource=ticketing, performed_on=on, result="conform", performed_by="Agent DSI",
        certificate=SimpleUploadedFile("pv.pdf", b"%PDF-1.4"), user=people.pilot,
        check_permission=True)
    assert verification.next_due == datetime.date(2026, 9, 30)
    assert verification.certificate.name.endswith(".pdf")
    assert verification.history.get().history_user == people.pilot
    resource = with_verifications(MeasuringResource.objects).get(pk=ticketing.pk)
    assert (resource.last_verified_on, resource.next_due) == (on, datetime.date(2026, 9, 30))
    services.resource_update(resource=ticketing, interval_months=12, user=people.pilot,
                             check_permission=True, reason="Fiabilité prouvée")
    verification.refresh_from_db()
    assert verification.next_due == datetime.date(2027, 3, 31)
    assert ticketing.history.first().history_change_reason == "Fiabilité prouvée"


def test_verified_by_a_provider(ticketing, people, accueil):
    from tests.providers.factories import ProviderFactory

    provider = ProviderFactory(name="Infogérance", services=[accueil])
    verification = services.verification_record(
        resource=ticketing, performed_on=TODAY, result="adjusted", provider=provider,
        user=people.pilot)
    assert verification.provider == provider and verification.performed_by == ""


def test_retired_resource_is_not_verified(ticketing, people):
    services.resource_update(resource=ticketing, status="retired", user=people.quality)
    with pytest.raises(ValidationError) as error:
        services.verification_record(resource=ticketing, performed_on=TODAY,
                                     result="conform", performed_by="x")
    assert error.value.messages == [gettext("This resource is retired: it is no longer "
                                            "verified.")]


def test_other_pilot_cannot_verify_or_edit(ticketing, people, etat_civil):
    with pytest.raises(PermissionDenied):
        services.verification_record(resource=ticketing, performed_on=TODAY,
                                     result="conform", performed_by="x",
                                     user=people.other_pilot, check_permission=True)
    with pytest.raises(PermissionDenied):
        services.resource_create(name="X", kind="other", service=ticketing.service,
                                 user=people.other_pilot, check_permission=True)
    with pytest.raises(PermissionDenied):  # a pilot moving their resource elsewhere
        services.resource_update(resource=ticketing, service=etat_civil, user=people.pilot,
                                 check_permission=True)


def test_not_conform_proposes_one_action(ticketing, people, accueil):
    verification = services.verification_record(
        resource=ticketing, performed_on=TODAY, result="not_conform",
        comment="Horloge décalée de 12 minutes.", performed_by="Agent", user=people.pilot)
    action = services.verification_action_propose(verification=verification,
                                                  user=people.pilot, check_permission=True)
    assert action.kind == Action.Kind.CORRECTIVE and action.service == accueil
    assert action.description == "Horloge décalée de 12 minutes."
    assert services.verification_action_propose(verification=verification,
                                                user=people.pilot) == action
    conform = services.verification_record(resource=ticketing, result="conform",
                                           performed_on=TODAY - datetime.timedelta(days=1),
                                           performed_by="Agent")
    with pytest.raises(ValidationError):
        services.verification_action_propose(verification=conform, user=people.pilot)


def test_register_overdue_first(people, accueil, ticketing):
    from tests.metrology.factories import ResourceFactory

    ok = ResourceFactory(name="A jour", service=accueil)
    services.verification_record(resource=ok, performed_on=TODAY, result="conform",
                                 performed_by="x")
    late = ResourceFactory(name="En retard", service=accueil, interval_months=1)
    services.verification_record(resource=late, result="conform", performed_by="x",
                                 performed_on=TODAY - datetime.timedelta(days=60))
    ResourceFactory(name="Hors service", service=accueil, status="out_of_service")
    names = [r.name for r in register(people.pilot)]
    # never verified (the ticketing system), then overdue, then the rest
    assert names[:2] == ["Borne de file d'attente", "En retard"]
    assert set(names[2:]) == {"A jour", "Hors service"}

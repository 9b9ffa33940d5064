import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from providers.models import Evaluation, EvaluationScore, Provider, siret_is_valid, weighted_score
from tests.providers.factories import luhn_siret

pytestmark = pytest.mark.django_db

SIRET_MESSAGE = ("A SIRET number has 14 digits and a valid check digit (see the Sirene "
                 "directory).")


def test_siret_validation():
    assert siret_is_valid("73282932000074")  # a real one (Luhn-valid)
    assert siret_is_valid(luhn_siret("2144000001234"))
    assert not siret_is_valid("73282932000075")  # wrong check digit
    assert not siret_is_valid("7328293200007")  # 13 digits
    assert not siret_is_valid("7328293200007A")
    assert siret_is_valid("35600000012345") is (sum(map(int, "35600000012345")) % 5 == 0)


def test_bad_provider_is_refused_with_french_messages(accueil):
    provider = Provider(name="X", kind=Provider.Kind.SUPPLIER, siret="12345678901234",
                        contract_start=datetime.date(2025, 6, 1),
                        contract_end=datetime.date(2025, 1, 1), evaluation_interval_months=0)
    with pytest.raises(ValidationError) as error:
        provider.full_clean()
    errors = error.value.message_dict
    assert errors["siret"] == [gettext(SIRET_MESSAGE)]
    assert errors["contract_end"] == [gettext("The contract cannot end before it starts.")]
    assert errors["evaluation_interval_months"] == [
        gettext("Choose an interval of 1 to 60 months.")]


def test_siret_is_optional():
    Provider(name="Sans SIRET", kind=Provider.Kind.OTHER).full_clean(exclude=["services"])


def test_comment_required_unless_approved(cleaning, people):
    evaluation = Evaluation(provider=cleaning, evaluated_on=datetime.date(2025, 1, 1),
                            evaluator=people.pilot, conclusion=Evaluation.Conclusion.WATCH)
    with pytest.raises(ValidationError) as error:
        evaluation.full_clean()
    assert error.value.message_dict["comment"] == [
        gettext("Say why the provider is not simply approved.")]
    evaluation.conclusion = Evaluation.Conclusion.APPROVED
    evaluation.full_clean()


def test_weighted_score():
    # weights 3 and 1: (4*3 + 2*1) / (4*4) = 87.5 %
    assert weighted_score([(4, 3), (2, 1)]) == 87.5
    assert weighted_score([(4, 1)] * 6) == 100.0
    assert weighted_score([(1, 2), (1, 5)]) == 25.0
    assert weighted_score([]) is None
    assert EvaluationScore.BEST == 4

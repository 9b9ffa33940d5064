"""The shared core: roles, services, settings, language, history."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from wagtail.models import PageLogEntry

from documents import services
from qms import roles
from qms.models import Service
from tests import factories as f


def test_roles_are_groups_created_by_migration(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL)
    quality = Group.objects.get(name=roles.QUALITY_ENGINEER)
    assert quality.permissions.filter(codename="access_admin").exists()
    assert not Group.objects.get(name=roles.AGENT).permissions.filter(
        codename="access_admin"
    ).exists()


def test_service_tree_cannot_loop(db):
    direction = f.ServiceFactory(code="dir", kind=Service.Kind.DIRECTION)
    service = f.ServiceFactory(code="svc-a", parent=direction)
    direction.parent = service
    with pytest.raises(ValidationError):
        direction.full_clean()


def test_with_descendants(db):
    direction = f.ServiceFactory(code="dir2", kind=Service.Kind.DIRECTION)
    child = f.ServiceFactory(code="child", parent=direction)
    grandchild = f.ServiceFactory(code="grandchild", parent=child)
    f.ServiceFactory(code="elsewhere")
    found = set(Service.objects.filter(pk=direction.pk).with_descendants())
    assert found == {direction, child, grandchild}


def test_french_by_default_english_selectable(client, db):
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "fr"
    assert "Se connecter" in response.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    response = client.get("/login/")
    assert response["Content-Language"] == "en"
    assert "Log in" in response.content.decode()


def test_history_of_django_models_records_who(db):
    user = f.quality_engineer()
    service = f.ServiceFactory(code="hist", name="Avant")
    service.name = "Après"
    service._history_user = user
    service.save()
    records = list(service.history.order_by("history_date"))
    assert [r.name for r in records] == ["Avant", "Après"]
    assert records[-1].history_user == user


def test_acknowledgement_history(published, people):
    ack = services.document_acknowledge(page=published, user=people.agent)
    types = list(ack.history.order_by("history_date").values_list("history_type", flat=True))
    assert types == ["+", "~"]


def test_page_changes_are_in_wagtail_audit_log(published):
    actions = set(PageLogEntry.objects.filter(page=published).values_list("action", flat=True))
    assert {"wagtail.create", "wagtail.publish", "wagtail.workflow.approve"} <= actions


def _settings_check(env):
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='qms.settings.base'; django.setup()"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    result = _settings_check(env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_start_with_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env.update(SECRET_KEY="x" * 60, ALLOWED_HOSTS="qualite.mairie.example")
    assert _settings_check(env).returncode == 0

"""Back-office forms of the competence records, each saved through competence.services
(validation, permission by service, history reason), never by ModelForm.save()."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.admin.forms import WagtailAdminModelForm

from qms.models import Service, User
from qms.permissions import is_quality_engineer, service_ids_of

from . import permissions, services
from .models import Training


class _ThroughServices(WagtailAdminModelForm):
    def _values(self, names) -> dict:
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}

    def _narrow_agents(self, name="agent"):
        if name in self.fields:
            field = self.fields[name]
            field.queryset = permissions.manageable_agents(
                self.for_user, User.objects.filter(is_active=True)).order_by(
                "last_name", "first_name")
            field.widget = forms.Select(choices=field.choices)

    def save_through_services(self, user):
        with transaction.atomic():
            if self.instance.pk is None:
                return self._create(user)
            return self._change(user, self.instance.__class__._default_manager.get(
                pk=self.instance.pk))

    def add_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error)


class CompetenceAdminForm(_ThroughServices):
    FIELDS = ("name", "category", "description", "is_active")

    def _create(self, user):
        values = self._values(self.FIELDS)
        return services.competence_create(user=user, check_permission=True, **values)

    def _change(self, user, stored):
        return services.competence_update(competence=stored, user=user, check_permission=True,
                                          **self._values(set(self.changed_data)
                                                         & set(self.FIELDS)))


class JobRoleAdminForm(_ThroughServices):
    FIELDS = ("title", "service", "description", "is_active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "service" in self.fields and self.for_user is not None and not (
                is_quality_engineer(self.for_user)):
            field = self.fields["service"]
            field.required = True
            field.queryset = Service.objects.filter(pk__in=service_ids_of(self.for_user))

    def _create(self, user):
        return services.job_role_create(user=user, check_permission=True,
                                        **self._values(self.FIELDS))

    def _change(self, user, stored):
        return services.job_role_update(role=stored, user=user, check_permission=True,
                                        **self._values(set(self.changed_data) & set(self.FIELDS)))


class RoleRequirementAdminForm(_ThroughServices):
    def _create(self, user):
        data = self.cleaned_data
        return services.role_requirement_set(
            role=data["role"], competence=data["competence"], level=data["level"],
            is_mandatory=data.get("is_mandatory", False), user=user, check_permission=True)

    def _change(self, user, stored):
        return self._create(user)


class RoleAssignmentAdminForm(_ThroughServices):
    FIELDS = ("agent", "role", "since", "until")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._narrow_agents()

    def _create(self, user):
        return services.role_assign(user=user, check_permission=True,
                                    **self._values(self.FIELDS))

    def _change(self, user, stored):
        return services.role_assignment_update(
            assignment=stored, user=user, check_permission=True,
            **self._values(set(self.changed_data) & set(self.FIELDS)))


class TrainingAdminForm(_ThroughServices):
    FIELDS = ("agent", "title", "date", "end_date", "organiser_kind", "organiser", "hours",
              "certificate", "status")
    EVALUATION = ("effectiveness_result", "evaluated_on", "effectiveness_comment")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._narrow_agents()

    def _create(self, user):
        values = self._values(self.FIELDS)
        if not values.get("certificate"):
            values.pop("certificate", None)
        training = services.training_create(
            user=user, check_permission=True,
            competences=self.cleaned_data.get("competences") or [], **values)
        return self._evaluate(user, training)

    def _change(self, user, stored):
        changed = set(self.changed_data)
        training = services.training_update(
            training=stored, user=user, check_permission=True,
            competences=self.cleaned_data.get("competences")
            if "competences" in changed else None,
            **self._values(changed & set(self.FIELDS)))
        if changed & set(self.EVALUATION):
            training = self._evaluate(user, training)
        return training

    def _evaluate(self, user, training):
        data = self.cleaned_data
        result = data.get("effectiveness_result") or Training.Result.PENDING
        if result == Training.Result.PENDING:
            return training
        return services.training_evaluate(
            training=training, result=result, comment=data.get("effectiveness_comment", ""),
            evaluated_on=data.get("evaluated_on"), evaluated_by=data.get("evaluated_by"),
            user=user, check_permission=True)


class AssessmentAdminForm(_ThroughServices):
    FIELDS = ("agent", "competence", "level", "assessed_on", "assessed_by", "comment")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._narrow_agents()

    def _create(self, user):
        return services.assessment_record(user=user, check_permission=True,
                                          **self._values(self.FIELDS))

    def _change(self, user, stored):
        return services.assessment_update(
            assessment=stored, user=user, check_permission=True,
            **self._values(set(self.changed_data) & set(self.FIELDS)))

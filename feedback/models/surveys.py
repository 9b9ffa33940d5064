"""Satisfaction surveys (ISO 9001 §9.1.2), internal (agents) or external (citizens),
answered on a public page without login (/public/enquetes/<token>/)."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

SCALE_MIN, SCALE_MAX = 1, 5


def new_token() -> str:
    return secrets.token_urlsafe(16)


class SurveyQuerySet(models.QuerySet):
    def open_now(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status=Survey.Status.OPEN).filter(
            models.Q(opens_on__isnull=True) | models.Q(opens_on__lte=today),
            models.Q(closes_on__isnull=True) | models.Q(closes_on__gte=today),
        )


class Survey(models.Model):
    class Audience(models.TextChoices):
        EXTERNAL = "external", _("Citizens (external)")
        INTERNAL = "internal", _("Agents (internal)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=255)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices,
                                default=Audience.EXTERNAL)
    service = models.ForeignKey(
        "qms.Service", verbose_name=_("service"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="surveys",
        help_text=_("The service surveyed; empty for the whole municipality."),
    )
    intro = models.TextField(_("introduction"), blank=True)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    token = models.CharField(_("public link key"), max_length=40, unique=True,
                             default=new_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    history = HistoricalRecords()
    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-opens_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("feedback:survey_results", args=[self.pk])

    def get_public_url(self):
        return reverse("feedback:public_survey", args=[self.token])

    def clean(self):
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The survey cannot close before it opens.")})

    def is_accepting_answers(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status == self.Status.OPEN
            and (self.opens_on is None or self.opens_on <= today)
            and (self.closes_on is None or self.closes_on >= today)
        )



class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Scale from 1 to 5")
        YES_NO = "yes_no", _("Yes / no")
        TEXT = "text", _("Free text")

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.PROTECT,
                               related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SCALE)
    required = models.BooleanField(_("required"), default=True)
    indicator = models.ForeignKey(
        "indicators.Indicator", verbose_name=_("indicator fed"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="survey_questions",
        help_text=_("A scale question's mean (or a yes/no question's share of yes, in %) "
                    "can be recorded as a measurement of this indicator."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "order", "pk"]

    def __str__(self):
        return self.text

    def clean(self):
        super().clean()
        if self.indicator_id and self.kind == self.Kind.TEXT:
            raise ValidationError({"indicator": _("A free-text question cannot feed an "
                                                  "indicator.")})


class SurveyResponse(models.Model):
    """One person's answers, submitted once: the one-time key of the form is unique."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.PROTECT,
                               related_name="responses")
    submission_key = models.CharField(
        _("submission key"), max_length=64, unique=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"{self.survey} #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(SurveyResponse, verbose_name=_("response"),
                                 on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, verbose_name=_("question"),
                                 on_delete=models.PROTECT, related_name="answers")
    scale_value = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    yes_no = models.BooleanField(_("yes / no"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True,
                            help_text=_("Plain text: any markup was removed."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["response", "question"],
                                               name="unique_answer_per_question")]

    def __str__(self):
        return f"{self.question_id}: {self.scale_value or self.yes_no or self.text[:30]}"

    def clean(self):
        super().clean()
        if self.scale_value is not None and not SCALE_MIN <= self.scale_value <= SCALE_MAX:
            raise ValidationError({"scale_value": _(
                "Choose a value between %(min)s and %(max)s.")
                % {"min": SCALE_MIN, "max": SCALE_MAX}})

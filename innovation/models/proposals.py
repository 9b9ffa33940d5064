"""A working group's proposal and its arbitration, level after level (the programme's
ArbitrationLevels in order). The state machine lives in innovation.services.proposals:
submitted → at level 1 → … → accepted at the last level; « to be modified » sends the
proposal back to its group (a new round starts when it is submitted again); rejected
ends it. Every decision is an Arbitration row: the history of all rounds stays."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

MONEY = {"max_digits": 12, "decimal_places": 2, "default": 0}


class Proposal(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (in the group)")
        IN_ARBITRATION = "in_arbitration", _("In arbitration")
        TO_MODIFY = "to_modify", _("Sent back to the group for changes")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    theme = models.ForeignKey("innovation.Theme", verbose_name=_("theme"),
                              on_delete=models.PROTECT, related_name="proposals")
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"))
    services = models.ManyToManyField("qms.Service", verbose_name=_("services concerned"),
                                      related_name="innovation_proposals")
    deadline = models.DateField(_("deadline"))
    people_needed = models.CharField(_("people needed"), max_length=255, blank=True,
                                     help_text=_("E.g. « 0.5 FTE at the reception for 3 "
                                                 "months »."))
    operating_budget = models.DecimalField(_("operating budget needed (€)"), **MONEY)
    investment_budget = models.DecimalField(_("investment budget needed (€)"), **MONEY)
    expected_results = models.TextField(_("expected results"))
    gain_money = models.DecimalField(_("savings a year (€)"), **MONEY)
    gain_time = models.CharField(_("time saved"), max_length=255, blank=True)
    gain_quality = models.TextField(_("quality of service gained"), blank=True)
    gain_environment = models.TextField(_("environmental gain"), blank=True)
    impact_working_conditions = models.TextField(_("impact on working conditions"),
                                                 blank=True)
    impact_environment = models.TextField(_("impact on the environment"), blank=True)
    impact_running_costs = models.TextField(_("impact on running costs"), blank=True)
    indicators = models.ManyToManyField("indicators.Indicator",
                                        verbose_name=_("evaluation indicators"), blank=True,
                                        related_name="innovation_proposals")
    ideas = models.ManyToManyField("innovation.Idea", verbose_name=_("ideas taken up"),
                                   blank=True, related_name="proposals")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.DRAFT)
    current_level = models.ForeignKey(
        "innovation.ArbitrationLevel", verbose_name=_("awaiting the decision of"),
        null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False)
    round = models.PositiveSmallIntegerField(
        _("round"), default=0, editable=False,
        help_text=_("How many times the proposal was submitted to arbitration."))
    contract = models.ForeignKey("innovation.Contract", verbose_name=_("contract"),
                                 null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="proposals")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[services])

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["reference"]
        indexes = [models.Index(fields=["status", "current_level"])]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("innovation:proposal", args=[self.reference])

    @property
    def budget(self):
        return self.operating_budget + self.investment_budget

    @property
    def is_editable_by_group(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.TO_MODIFY)

    def clean(self):
        super().clean()
        for field in ("operating_budget", "investment_budget", "gain_money"):
            value = getattr(self, field)
            if value is not None and value < 0:
                raise ValidationError({field: _("An amount cannot be negative.")})


class Arbitration(models.Model):
    """One decision on a proposal at one level, in one round."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        TO_MODIFY = "to_modify", _("To be modified")
        REJECTED = "rejected", _("Rejected")

    proposal = models.ForeignKey(Proposal, verbose_name=_("proposal"),
                                 on_delete=models.CASCADE, related_name="arbitrations")
    level = models.ForeignKey("innovation.ArbitrationLevel", verbose_name=_("level"),
                              on_delete=models.PROTECT, related_name="arbitrations")
    round = models.PositiveSmallIntegerField(_("round"))
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"),
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided on"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("arbitration")
        verbose_name_plural = _("arbitrations")
        ordering = ["proposal", "round", "level__order"]
        constraints = [models.UniqueConstraint(
            fields=["proposal", "level", "round"], name="innovation_one_decision_a_level")]

    def __str__(self):
        return f"{self.proposal.reference} — {self.level.name} : {self.get_decision_display()}"

    def clean(self):
        super().clean()
        if self.decision in (self.Decision.TO_MODIFY, self.Decision.REJECTED) and \
                not self.comment.strip():
            raise ValidationError({"comment": _("Say why: the group reads the comment.")})

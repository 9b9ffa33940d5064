"""Contracts and their funded actions, budget moves, monthly reports, the quarterly
steering committee, and the programme's news for the agents who follow it.

Money: each funded action has its programme funds (operating / investment) and the
services' own budgets, planned; what is committed; what is spent is recorded on the
action itself (actions.Action.*_budget_spent). The action's planned budgets are kept
equal to programme + services by innovation.services. Budget moves shift programme
funds between actions and never change the programme's totals."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

MONEY = {"max_digits": 12, "decimal_places": 2, "default": Decimal("0")}


class Contract(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Being drawn up")
        SIGNED = "signed", _("Signed")
        CLOSED = "closed", _("Closed")

    programme = models.ForeignKey("innovation.InnovationProgramme",
                                  verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="contracts")
    axis = models.ForeignKey("innovation.Axis", verbose_name=_("axis"),
                             on_delete=models.PROTECT, related_name="contracts")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=255)
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("contract manager"),
                                on_delete=models.PROTECT, related_name="managed_contracts")
    referent = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("DG referent"),
                                 on_delete=models.PROTECT, related_name="referred_contracts")
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL,
                                          verbose_name=_("participants"), blank=True,
                                          related_name="innovation_contracts")
    objectives = models.TextField(_("objectives"))
    deadline = models.DateField(_("deadline"))
    indicators = models.ManyToManyField("indicators.Indicator", verbose_name=_("indicators"),
                                        blank=True, related_name="innovation_contracts")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.DRAFT)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_file = models.FileField(_("signed contract (scan)"),
                                   upload_to="innovation/contracts/", blank=True)
    closing_report = models.TextField(_("closing report"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[participants, indicators])

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["programme", "number"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"],
                                               name="innovation_contract_number_unique")]

    def __str__(self):
        return _("Contract %(number)s — %(title)s") % {"number": self.number,
                                                       "title": self.title}

    def get_absolute_url(self):
        return reverse("innovation:contract", args=[self.programme.code, self.number])

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def clean(self):
        super().clean()
        if self.axis_id and self.programme_id and self.axis.programme_id != self.programme_id:
            raise ValidationError({"axis": _("The axis belongs to another programme.")})
        if self.signed_on and self.signed_on > timezone.localdate():
            raise ValidationError({"signed_on": _("A contract cannot be signed in the "
                                                  "future.")})
        if self.status == self.Status.SIGNED and not self.signed_on:
            raise ValidationError({"signed_on": _("Give the date the contract was signed.")})


class FundedAction(models.Model):
    """An action of a contract (an actions.Action of kind innovation) and its funding."""

    contract = models.ForeignKey(Contract, verbose_name=_("contract"),
                                 on_delete=models.PROTECT, related_name="funded_actions")
    action = models.OneToOneField("actions.Action", verbose_name=_("action"),
                                  on_delete=models.PROTECT, related_name="innovation_funding")
    is_priority = models.BooleanField(_("priority"), default=False)
    programme_operating = models.DecimalField(_("programme funds, operating (€)"), **MONEY)
    programme_investment = models.DecimalField(_("programme funds, investment (€)"), **MONEY)
    service_operating = models.DecimalField(_("services' own budget, operating (€)"), **MONEY)
    service_investment = models.DecimalField(_("services' own budget, investment (€)"),
                                             **MONEY)
    committed = models.DecimalField(_("committed (€)"), **MONEY)
    is_blocked = models.BooleanField(_("blocked"), default=False)
    blocked_reason = models.CharField(_("why it is blocked"), max_length=255, blank=True)
    roadmap_direction = models.ForeignKey(
        "qms.Service", verbose_name=_("moved to the roadmap of"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="roadmap_actions", editable=False)
    moved_to_roadmap_on = models.DateField(_("moved to the roadmap on"), null=True,
                                           blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funded action")
        verbose_name_plural = _("funded actions")
        ordering = ["contract", "action__reference"]

    def __str__(self):
        return str(self.action)

    @property
    def programme_funds(self) -> Decimal:
        return self.programme_operating + self.programme_investment

    @property
    def planned(self) -> Decimal:
        return (self.programme_operating + self.programme_investment
                + self.service_operating + self.service_investment)

    def clean(self):
        super().clean()
        errors = {}
        for field in ("programme_operating", "programme_investment", "service_operating",
                      "service_investment", "committed"):
            if getattr(self, field) is not None and getattr(self, field) < 0:
                errors[field] = _("An amount cannot be negative.")
        if not errors and self.committed > self.planned:
            errors["committed"] = _(
                "%(committed)s € committed is more than the %(planned)s € planned for "
                "the action.") % {"committed": self.committed, "planned": self.planned}
        if self.is_blocked and not self.blocked_reason.strip():
            errors["blocked_reason"] = _("Say why the action is blocked.")
        if errors:
            raise ValidationError(errors)


class BudgetMove(models.Model):
    """Programme funds moved from one action to another (within or across contracts),
    with the reason, by the direction. The programme's totals do not change."""

    class Envelope(models.TextChoices):
        OPERATING = "operating", _("Operating")
        INVESTMENT = "investment", _("Investment")

    programme = models.ForeignKey("innovation.InnovationProgramme",
                                  verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="budget_moves")
    source = models.ForeignKey(FundedAction, verbose_name=_("from the action"),
                               on_delete=models.PROTECT, related_name="moves_out")
    target = models.ForeignKey(FundedAction, verbose_name=_("to the action"),
                               on_delete=models.PROTECT, related_name="moves_in")
    envelope = models.CharField(_("budget"), max_length=20, choices=Envelope.choices)
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2)
    reason = models.TextField(_("reason"))
    moved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("moved by"),
                                 on_delete=models.PROTECT, related_name="+")
    moved_at = models.DateTimeField(_("moved on"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget move")
        verbose_name_plural = _("budget moves")
        ordering = ["-moved_at"]

    def __str__(self):
        return _("%(amount)s € from %(source)s to %(target)s") % {
            "amount": self.amount, "source": self.source.action.reference,
            "target": self.target.action.reference}

    def clean(self):
        super().clean()
        if self.amount is not None and self.amount <= 0:
            raise ValidationError({"amount": _("Move a positive amount.")})
        if self.source_id and self.source_id == self.target_id:
            raise ValidationError({"target": _("Choose another action to move the funds "
                                               "to.")})
        if not self.reason.strip():
            raise ValidationError({"reason": _("Give the reason for the move.")})


class ContractReport(models.Model):
    """The contract manager's monthly report: the actions done, late and blocked and the
    budget consumed (counted when it is filled in), the indicators' latest values, and
    their comment."""

    contract = models.ForeignKey(Contract, verbose_name=_("contract"),
                                 on_delete=models.PROTECT, related_name="reports")
    month = models.DateField(_("month"), help_text=_("The first day of the month reported."))
    actions_total = models.PositiveIntegerField(_("actions"), default=0)
    actions_done = models.PositiveIntegerField(_("actions done"), default=0)
    actions_late = models.PositiveIntegerField(_("actions late"), default=0)
    actions_blocked = models.PositiveIntegerField(_("actions blocked"), default=0)
    budget_planned = models.DecimalField(_("budget planned (€)"), **MONEY)
    budget_committed = models.DecimalField(_("budget committed (€)"), **MONEY)
    budget_spent = models.DecimalField(_("budget spent (€)"), **MONEY)
    indicator_values = models.JSONField(_("indicator values"), default=list, blank=True)
    comment = models.TextField(_("comment"))
    filled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("filled in by"),
                                  on_delete=models.PROTECT, related_name="+")
    filled_at = models.DateTimeField(_("filled in on"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["contract", "-month"]
        constraints = [models.UniqueConstraint(fields=["contract", "month"],
                                               name="innovation_one_report_a_month")]

    def __str__(self):
        return _("Report of %(month)s") % {"month": self.month.strftime("%m/%Y")}

    @property
    def progress(self) -> int | None:
        if not self.actions_total:
            return None
        return round(100 * self.actions_done / self.actions_total)


class SteeringCommittee(models.Model):
    """A quarterly steering committee (COPIL) of the programme."""

    programme = models.ForeignKey("innovation.InnovationProgramme",
                                  verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="committees")
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=255,
                             help_text=_("E.g. « COPIL du 2e trimestre 2027 »."))
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("attendees"),
                                       blank=True, related_name="+")
    minutes = models.TextField(_("minutes"), blank=True)

    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = _("steering committee")
        verbose_name_plural = _("steering committees")
        ordering = ["programme", "-held_on"]

    def __str__(self):
        return self.title


class SteeringDecision(models.Model):
    committee = models.ForeignKey(SteeringCommittee, verbose_name=_("steering committee"),
                                  on_delete=models.CASCADE, related_name="decisions")
    contract = models.ForeignKey(Contract, verbose_name=_("contract"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="decisions")
    text = models.TextField(_("decision"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("steering decision")
        verbose_name_plural = _("steering decisions")
        ordering = ["committee", "pk"]

    def __str__(self):
        return self.text[:80]


class News(models.Model):
    """News of the programme for the agents: a contract's progress, an action put in
    place."""

    programme = models.ForeignKey("innovation.InnovationProgramme",
                                  verbose_name=_("programme"), on_delete=models.CASCADE,
                                  related_name="news")
    contract = models.ForeignKey(Contract, verbose_name=_("contract"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="news")
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"))
    published_on = models.DateField(_("published on"), default=timezone.localdate)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"),
                               on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme news")
        verbose_name_plural = _("programme news")
        ordering = ["-published_on", "-pk"]

    def __str__(self):
        return self.title


class Follower(models.Model):
    """An agent following a programme: they get its news by e-mail."""

    programme = models.ForeignKey("innovation.InnovationProgramme",
                                  verbose_name=_("programme"), on_delete=models.CASCADE,
                                  related_name="followers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("agent"),
                             on_delete=models.CASCADE, related_name="followed_programmes")
    since = models.DateTimeField(_("since"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [models.UniqueConstraint(fields=["programme", "user"],
                                               name="innovation_follow_once")]

    def __str__(self):
        return str(self.user)

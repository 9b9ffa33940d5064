"""The programme and its working groups: the bodies taking part, the axes contracts are
grouped under, the levels of arbitration (configurable, in order), the themes each with
its working group (facilitator, DG referent, members, charter, timetable), the group's
meetings with their minutes, the inventory of the existing (the « graines » method) and
the agents' ideas."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

READ_ONLY_MESSAGE = _("The programme is closed: its records can no longer be changed.")
"""French: « La démarche est close : ses éléments ne peuvent plus être modifiés. »"""


class Body(models.Model):
    """A public body taking part in a programme (a city, its agglomeration, its CIAS)."""

    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Municipality")
        INTERCOMMUNALITY = "epci", _("Intermunicipal body")
        CIAS = "cias", _("Social action centre (CIAS / CCAS)")
        OTHER = "other", _("Other body")

    name = models.CharField(_("name"), max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices,
                            default=Kind.COMMUNE)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("public body")
        verbose_name_plural = _("public bodies")
        ordering = ["name"]

    def __str__(self):
        return self.name


class InnovationProgramme(models.Model):
    class Status(models.TextChoices):
        PREPARATION = "preparation", _("In preparation")
        GROUPS = "groups", _("Working groups at work")
        ARBITRATION = "arbitration", _("Arbitration")
        CONTRACTS = "contracts", _("Contracts under way")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=255)
    code = models.SlugField(_("code"), max_length=40, unique=True,
                            help_text=_("Short code used in the addresses, e.g. « ip-2026 »."))
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    bodies = models.ManyToManyField(Body, verbose_name=_("bodies taking part"),
                                    related_name="programmes")
    priorities = models.TextField(_("strategic priorities"), blank=True,
                                  help_text=_("One priority per line."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.PREPARATION)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("coordinator"), on_delete=models.PROTECT,
        related_name="coordinated_programmes",
        help_text=_("Runs the programme day to day (often the quality or performance "
                    "officer)."))
    operating_envelope = models.DecimalField(
        _("programme operating budget (€)"), max_digits=14, decimal_places=2, default=0)
    investment_envelope = models.DecimalField(
        _("programme investment budget (€)"), max_digits=14, decimal_places=2, default=0)
    evaluation_survey = models.ForeignKey(
        "feedback.Survey", verbose_name=_("participants' evaluation survey"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+")
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)

    history = HistoricalRecords(m2m_fields=[bodies])

    class Meta:
        verbose_name = _("innovation & performance programme")
        verbose_name_plural = _("innovation & performance programmes")
        ordering = ["-starts_on", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("innovation:programme", args=[self.code])

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def priority_list(self) -> list[str]:
        return [line.strip() for line in self.priorities.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The programme cannot end before it "
                                                "starts.")})


class Axis(models.Model):
    """An axis contracts are grouped under (« Axe 1 — Une ville plus proche »)."""

    programme = models.ForeignKey(InnovationProgramme, verbose_name=_("programme"),
                                  on_delete=models.CASCADE, related_name="axes")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=255)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("axis")
        verbose_name_plural = _("axes")
        ordering = ["programme", "number"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"],
                                               name="innovation_axis_number_unique")]

    def __str__(self):
        return _("Axis %(number)s — %(title)s") % {"number": self.number, "title": self.title}


class ArbitrationLevel(models.Model):
    """One level of arbitration of the programme's proposals, in order: e.g. 1 the DG
    referent (conformity and feasibility), 2 the steering committee, 3 the mayor."""

    class Kind(models.TextChoices):
        REFERENT = "referent", _("DG referent of the group")
        COMMITTEE = "committee", _("Steering committee (COPIL)")
        MAYOR = "mayor", _("Mayor (final decision)")
        OTHER = "other", _("Other level")

    programme = models.ForeignKey(InnovationProgramme, verbose_name=_("programme"),
                                  on_delete=models.CASCADE, related_name="levels")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    arbiters = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("arbiters"), blank=True, related_name="+",
        help_text=_("Who records this level's decisions (for the DG referent level, the "
                    "group's referent does)."))

    history = HistoricalRecords(m2m_fields=[arbiters])

    class Meta:
        verbose_name = _("arbitration level")
        verbose_name_plural = _("arbitration levels")
        ordering = ["programme", "order"]
        constraints = [models.UniqueConstraint(fields=["programme", "order"],
                                               name="innovation_level_order_unique")]

    def __str__(self):
        return f"{self.order}. {self.name}"


class Theme(models.Model):
    programme = models.ForeignKey(InnovationProgramme, verbose_name=_("programme"),
                                  on_delete=models.CASCADE, related_name="themes")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    accepts_ideas = models.BooleanField(
        _("open to the agents' ideas"), default=True,
        help_text=_("Any agent can submit an idea to the theme from the intranet."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["programme", "number"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"],
                                               name="innovation_theme_number_unique")]

    def __str__(self):
        return _("Theme %(number)s — %(title)s") % {"number": self.number, "title": self.title}

    def get_absolute_url(self):
        return reverse("innovation:theme", args=[self.programme.code, self.number])


class WorkingGroup(models.Model):
    theme = models.OneToOneField(Theme, verbose_name=_("theme"), on_delete=models.CASCADE,
                                 related_name="group")
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("facilitator"),
                                    on_delete=models.PROTECT, related_name="facilitated_groups")
    referent = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("DG referent"),
                                 on_delete=models.PROTECT, related_name="referred_groups")
    charter = models.TextField(_("charter"), blank=True,
                               help_text=_("The group's rules: confidentiality, attendance, "
                                           "how it decides."))
    timetable = models.TextField(_("timetable"), blank=True,
                                 help_text=_("The 5 or 6 meetings planned, one per line."))
    final_report = models.TextField(_("final report"), blank=True)
    final_report_file = models.FileField(_("final report (file)"),
                                         upload_to="innovation/reports/", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["theme"]

    def __str__(self):
        return _("Group « %(theme)s »") % {"theme": self.theme.title}


class Membership(models.Model):
    group = models.ForeignKey(WorkingGroup, verbose_name=_("working group"),
                              on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"),
                             on_delete=models.PROTECT, related_name="group_memberships")
    is_manager = models.BooleanField(_("manager"), default=False)
    is_volunteer = models.BooleanField(_("volunteer"), default=False)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member of a working group")
        verbose_name_plural = _("members of working groups")
        ordering = ["group", "user__last_name", "user__first_name"]
        constraints = [models.UniqueConstraint(fields=["group", "user"],
                                               name="innovation_member_once")]

    def __str__(self):
        return str(self.user)

    def validate_constraints(self, exclude=None):
        if self.group_id and self.user_id and Membership.objects.filter(
                group_id=self.group_id, user_id=self.user_id).exclude(pk=self.pk).exists():
            raise ValidationError({"user": _("%(person)s is already a member of this "
                                             "group.") % {"person": self.user}})
        super().validate_constraints(exclude=exclude)


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    group = models.ForeignKey(WorkingGroup, verbose_name=_("working group"),
                              on_delete=models.CASCADE, related_name="meetings")
    number = models.PositiveSmallIntegerField(_("number"))
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.PLANNED)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("attendees"),
                                       blank=True, related_name="+")

    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = _("working group meeting")
        verbose_name_plural = _("working group meetings")
        ordering = ["group", "number"]
        constraints = [models.UniqueConstraint(fields=["group", "number"],
                                               name="innovation_meeting_number_unique")]

    def __str__(self):
        return _("Meeting %(number)s of %(date)s") % {
            "number": self.number, "date": self.date.strftime("%d/%m/%Y")}

    def clean(self):
        super().clean()
        if self.status == self.Status.HELD and not self.minutes.strip():
            raise ValidationError({"minutes": _("A meeting held has its minutes.")})


class InventoryItem(models.Model):
    """The inventory of the existing, for the theme (« la méthode des graines »): the
    strengths and how to keep them, the weaknesses with their causes and the risk of
    leaving them, the opportunities and what the city would gain."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", _("Strength")
        WEAKNESS = "weakness", _("Weakness")
        OPPORTUNITY = "opportunity", _("Opportunity")

    group = models.ForeignKey(WorkingGroup, verbose_name=_("working group"),
                              on_delete=models.CASCADE, related_name="inventory")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    detail = models.TextField(_("detail"), blank=True)
    how_to_keep = models.TextField(_("how to keep it"), blank=True)
    causes = models.TextField(_("causes"), blank=True)
    risks_if_left = models.TextField(_("risks of leaving it"), blank=True)
    gains = models.TextField(_("gains for the city"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inventory item")
        verbose_name_plural = _("inventory of the existing")
        ordering = ["group", "kind", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        required = {self.Kind.STRENGTH: ("how_to_keep", _("Say how to keep this strength.")),
                    self.Kind.WEAKNESS: ("causes", _("Give the causes of this weakness.")),
                    self.Kind.OPPORTUNITY: ("gains", _("Say what the city would gain."))}
        field, message = required.get(self.kind, (None, None))
        if field and not getattr(self, field).strip():
            raise ValidationError({field: message})


class Idea(models.Model):
    """An idea an agent submits to a theme from the intranet; the group sees it."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        RETAINED = "retained", _("Retained in a proposal")
        NOT_RETAINED = "not_retained", _("Not retained")

    theme = models.ForeignKey(Theme, verbose_name=_("theme"), on_delete=models.CASCADE,
                              related_name="ideas")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"),
                               on_delete=models.PROTECT, related_name="innovation_ideas")
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"))
    submitted_at = models.DateTimeField(_("submitted on"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.NEW)
    group_answer = models.TextField(_("the group's answer"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-submitted_at"]

    def __str__(self):
        return self.title

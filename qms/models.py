"""The shared core: the organisation (services, sites) and its people."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import roles


class ServiceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_descendants(self):
        """These services and every service below them (direction > service)."""
        ids = set(self.values_list("pk", flat=True))
        frontier = set(ids)
        while frontier:
            children = set(
                Service.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            )
            frontier = children - ids
            ids |= children
        return Service.objects.filter(pk__in=ids)


class Service(models.Model):
    """An organisational unit: a direction, or a service inside a direction."""

    class Kind(models.TextChoices):
        DIRECTION = "direction", _("Direction")
        SERVICE = "service", _("Service")

    code = models.SlugField(_("code"), max_length=20, unique=True, allow_unicode=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SERVICE)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent direction"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        node, seen = self.parent, {self.pk}
        while node is not None:
            if node.pk in seen:
                raise ValidationError(
                    {"parent": _("A service cannot be placed under itself or its own services.")}
                )
            seen.add(node.pk)
            node = node.parent


class Site(models.Model):
    """A physical site of the municipality (town hall, depot, wastewater plant...)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    address = models.TextField(_("address"), blank=True)
    services = models.ManyToManyField(
        Service, verbose_name=_("services on this site"), blank=True, related_name="sites"
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A person of the municipality. Roles are Django groups (see qms.roles)."""

    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"

    def __str__(self):
        return self.get_full_name() or self.username

    def has_role(self, role: str) -> bool:
        return roles.user_has_role(self, role)

    @property
    def is_quality_engineer(self) -> bool:
        return self.is_superuser or self.has_role(roles.QUALITY_ENGINEER)

    @property
    def is_pilot(self) -> bool:
        return self.has_role(roles.PILOT)

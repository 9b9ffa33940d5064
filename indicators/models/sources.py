"""Business applications that feed indicators through the API, each with its token."""

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class FeedApplication(models.Model):
    """A business application (ticketing, civil-status software, HR...) allowed to send
    the measurements of its own indicators. Only a hash of its token is stored."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(_("token starts with"), max_length=8, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["token_hash", "last_used_at"])

    class Meta:
        verbose_name = _("feeding application")
        verbose_name_plural = _("feeding applications")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def set_new_token(self) -> str:
        """Give the application a new token; return it (it is shown once, never stored)."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        self.token_prefix = token[:8]
        return token

    @classmethod
    def for_token(cls, token: str):
        if not token:
            return None
        return cls.objects.filter(token_hash=hash_token(token), is_active=True).first()

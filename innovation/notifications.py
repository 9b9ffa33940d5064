"""E-mails of the programme: its news to the agents who follow it, and the month-end
reminder to the contract managers whose monthly report is missing."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Contract, ContractReport, News


def news_mail(news_id: int) -> int:
    news = News.objects.select_related("programme", "contract").get(pk=news_id)
    recipients = sorted({
        f.user.email for f in news.programme.followers.select_related("user")
        if f.user.is_active and f.user.email})
    if not recipients:
        return 0
    url = settings.WAGTAILADMIN_BASE_URL + news.programme.get_absolute_url()
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("%(programme)s: %(title)s") % {"programme": news.programme.name,
                                                   "title": news.title}
        body = render_to_string("innovation/email/news.txt", {"news": news, "url": url})
    for email in recipients:  # one mail each: followers do not see one another
        send_mail(subject, body, None, [email])
    return len(recipients)


def report_reminders(*, today: datetime.date | None = None) -> int:
    """Each manager of a signed contract of an open programme whose report of the month
    is missing gets one e-mail listing those contracts (the beat runs it at month end)."""
    today = today or timezone.localdate()
    month = today.replace(day=1)
    reported = ContractReport.objects.filter(month=month).values("contract_id")
    contracts = (Contract.objects.filter(status=Contract.Status.SIGNED)
                 .exclude(programme__status="closed").exclude(pk__in=reported)
                 .select_related("manager", "programme").order_by("programme", "number"))
    by_manager: dict = {}
    for contract in contracts:
        if contract.manager.is_active and contract.manager.email:
            by_manager.setdefault(contract.manager, []).append(contract)
    base_url = settings.WAGTAILADMIN_BASE_URL
    for manager, items in by_manager.items():
        rows = [{"contract": c, "url": base_url + reverse(
            "innovation:report", args=[c.programme.code, c.number])} for c in items]
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Monthly report of %(month)s to fill in") % {
                "month": month.strftime("%m/%Y")}
            body = render_to_string("innovation/email/report_reminder.txt", {
                "user": manager, "rows": rows, "month": month})
        send_mail(subject, body, None, [manager.email])
    return len(by_manager)

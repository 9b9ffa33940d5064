"""The calendar of external audits as an iCalendar file (RFC 5545): one all-day event per
audit. Small enough to write here (no iCalendar library in the project): text escaped,
lines folded at 75 octets, CRLF line ends."""

from __future__ import annotations

import datetime

from django.utils import timezone


def _escape(text: str) -> str:
    return (str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        limit = 75 if not parts else 74
        if len(current) + len(encoded) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def calendar_ics(months, *, base_url: str) -> str:
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//QMS collectivites//certification//FR",
             "CALSCALE:GREGORIAN"]
    for month in months:
        for entry in month.entries:
            uid = (f"certification-audit-{entry.certification_audit.pk}"
                   if entry.certification_audit is not None else f"audit-{entry.audit.pk}")
            description = ", ".join(entry.services)
            if entry.certifying_body:
                description += f" — {entry.certifying_body}"
            lines += [
                "BEGIN:VEVENT",
                f"UID:{uid}@qms",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{entry.date:%Y%m%d}",
                f"DTEND;VALUE=DATE:{entry.date + datetime.timedelta(days=1):%Y%m%d}",
                f"SUMMARY:{_escape(entry.title)}",
                f"DESCRIPTION:{_escape(description)}",
                f"URL:{base_url}{entry.url}",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"

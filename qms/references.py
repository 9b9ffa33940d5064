"""The yearly references of the records (ACT-2026-0042, NC-2026-007, PRP-2026-012…)."""

from __future__ import annotations

from django.db.models.functions import Length


def next_reference(queryset, prefix: str, width: int) -> str:
    """The reference after the highest one of `queryset` starting with `prefix`, its
    number zero-padded to `width` digits (never cut when it grows past them).

    The highest is the longest, then the greatest by text: once numbers outgrow their
    padding, "ACT-2026-10000" sorts before "ACT-2026-9999" as text but is longer."""
    last = (queryset.filter(reference__startswith=prefix)
            .order_by(Length("reference").desc(), "-reference")
            .values_list("reference", flat=True).first())
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:0{width}d}"

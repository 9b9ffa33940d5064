from django import template

register = template.Library()


@register.simple_tag
def field_value(values, question):
    return (values or {}).get(f"q{question.pk}", "")


@register.simple_tag
def field_error(errors, question):
    return (errors or {}).get(f"q{question.pk}", "")


def municipality_name_from(settings) -> str:
    """The municipality's name for the citizens' pages: QMS_MUNICIPALITY_NAME when set,
    else the part of the site name after its last dash ("Qualité — Ville de X" gives
    "Ville de X"), else the whole site name."""
    explicit = (getattr(settings, "QMS_MUNICIPALITY_NAME", "") or "").strip()
    if explicit:
        return explicit
    site_name = (getattr(settings, "WAGTAIL_SITE_NAME", "") or "").strip()
    for dash in (" — ", " – ", " - "):
        if dash in site_name:
            return site_name.rsplit(dash, 1)[1].strip()
    return site_name


@register.simple_tag
def municipality_name() -> str:
    from django.conf import settings

    return municipality_name_from(settings)

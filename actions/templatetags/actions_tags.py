"""Template tags of the action plan, for the pages of any module.

    {% load actions_tags %}
    {% actions_for_record record %}

lists the actions attached to `record` (a saved record of any model) that the reader may
see (or the `actions=` given, when the page read those of several records at once with
``actions.selectors.actions_by_source``), with their owner, due date, status and
lateness, and — for a user who may create actions — a "New action" link that attaches
the new action to the record and comes back to the page. Two queries: the actions, and
the record's content type (cached)."""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.http import urlencode

from ..permissions import may_create_actions, visible_actions
from ..selectors import actions_for

register = template.Library()


@register.inclusion_tag("actions/includes/actions_for_record.html", takes_context=True)
def actions_for_record(context, record, heading_id: str = "", actions=None):
    request = context.get("request")
    user = context.get("user") or (request.user if request else None)
    content_type = ContentType.objects.get_for_model(record)
    create_url = ""
    if user is None or record.pk is None:
        actions = []
    else:
        if actions is None:
            actions = list(visible_actions(user, actions_for(record))
                           .order_by("due_date", "reference"))
        create_url = _create_url(user, record, content_type, request)
    return {
        "record": record,
        "actions": actions,
        "create_url": create_url,
        "section_id": heading_id or f"actions-{content_type.model}-{record.pk}",
        "request": request,
    }


def _create_url(user, record, content_type, request) -> str:
    if not may_create_actions(user):
        return ""
    query = {"source": f"{content_type.pk}:{record.pk}"}
    if request is not None:
        query["next"] = request.get_full_path()
    return f"{reverse('actions:create')}?{urlencode(query)}"


@register.simple_tag(takes_context=True)
def new_action_url(context, record) -> str:
    """The "New action" link for `record`, or '' when the user may not create actions:
    ``{% new_action_url record as url %}``, for a page that lists actions its own way."""
    request = context.get("request")
    user = context.get("user") or (request.user if request else None)
    if user is None or record.pk is None:
        return ""
    return _create_url(user, record, ContentType.objects.get_for_model(record), request)

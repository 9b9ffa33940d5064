"""Intranet views of the documents: versions, PDF, acknowledgement, search, follow-up."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import permissions, selectors, services
from .models import ControlledDocumentPage, DocumentVersion
from .search import body_text, highlight, search_documents


def document_version(request, page, number):
    """A published version of a document. A replaced version is shown marked obsolete,
    with a link to the version in force."""
    version = get_object_or_404(
        DocumentVersion.objects.published().select_related("revision", "approver", "author"),
        page_id=page.pk,
        number=number,
    )
    if page.live and number == page.version:
        return redirect(page.url)
    old = version.revision.as_object()
    context = old.get_context(request)
    context.update({"page": old, "self": old, "obsolete_version": version, "current": page})
    return TemplateResponse(request, old.get_template(request), context)


def document_pdf(request, page, number=None):
    from .pdf import render_document_pdf

    if number is not None:
        version = get_object_or_404(
            DocumentVersion.objects.published().select_related("revision"),
            page_id=page.pk,
            number=number,
        )
        document = version.revision.as_object()
        obsolete = not (page.live and number == page.version)
    else:
        document, obsolete = page, False
    pdf = render_document_pdf(document, obsolete=obsolete)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{document.reference}-v{document.version}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_POST
def acknowledge(request, page):
    try:
        services.document_acknowledge(page=page, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Thank you: your reading of %(document)s (version %(version)s) is recorded.")
            % {"document": page.reference, "version": page.version},
        )
    return redirect(request.POST.get("next") or page.url)


def search(request):
    query = request.GET.get("q", "").strip()
    results, page_obj = [], None
    if query:
        paginator = Paginator(search_documents(query), 20)
        page_obj = paginator.get_page(request.GET.get("page"))
        labels = selectors.type_labels()
        for doc in page_obj.object_list:
            text = " · ".join(filter(None, [doc.summary, *body_text(doc.body).splitlines()]))
            results.append(
                {
                    "page": doc,
                    "type": labels.get(doc.content_type_id, ("", ""))[1],
                    "title": highlight(doc.title, query, words=40),
                    "excerpt": highlight(text, query),
                }
            )
    return TemplateResponse(
        request,
        "documents/search.html",
        {"query": query, "results": results, "page_obj": page_obj},
    )


def _followup_scope(request):
    """None for every service (oversight roles), or the pilot's service ids."""
    from qms import roles

    if roles.user_has_oversight(request.user):
        return None
    if permissions.can_view_followup(request.user):
        return permissions.service_ids_of(request.user)
    raise PermissionDenied


def acknowledgement_report(request):
    scope = _followup_scope(request)
    return TemplateResponse(
        request,
        "documents/acknowledgement_report.html",
        {
            "by_document": selectors.acknowledgement_rates_by_document(scope),
            "by_service": selectors.acknowledgement_rates_by_service(scope),
        },
    )


def acknowledgement_missing(request, page_id):
    scope = _followup_scope(request)
    page = get_object_or_404(ControlledDocumentPage.objects.live(), pk=page_id)
    return TemplateResponse(
        request,
        "documents/acknowledgement_missing.html",
        {"document": page, "missing": selectors.missing_acknowledgements(page, scope)},
    )


def review_list(request):
    scope = _followup_scope(request)
    documents = services.documents_due_for_review()
    if scope is not None:
        documents = documents.filter(owner_service_id__in=scope)
    return TemplateResponse(request, "documents/review_list.html", {"documents": documents})



"""Wagtail's WAGTAIL_FINISH_WORKFLOW_ACTION. Wagtail imports it while defining its own
models, so this module imports nothing of ours at load time."""


def publish_approved(workflow_state, user=None):
    from documents.services import document_publish_approved

    return document_publish_approved(workflow_state, user=user)

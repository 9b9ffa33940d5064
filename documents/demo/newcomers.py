"""The demo's newcomers read the policy and the scope.

The documents demo runs first; later demos (the innovation programme's participants)
add agents who joined after the quality policy and the QMS scope were published. Like
real newcomers, most of them read both in their first weeks: this loader, registered
after those demos, has about four in five of them acknowledge each (the others stay
behind, so the acknowledgement rate shows real gaps). Each newcomer's draw depends only
on the document and the person, so a second run decides the same and adds nothing."""

import random

from documents import services
from documents.models import Acknowledgement, ControlledDocumentPage

REFERENCES = ("POL-001", "DOM-001")
RATE = 0.8


def load_demo(stdout=None, **_kwargs) -> dict:
    acknowledged = 0
    for page in ControlledDocumentPage.objects.filter(reference__in=REFERENCES, live=True):
        page = page.specific
        asked = set(Acknowledgement.objects.filter(version__page=page)
                    .values_list("user_id", flat=True))
        for user in services.readers_of(page).exclude(pk__in=asked).order_by("pk"):
            draw = random.Random(f"{page.reference}/{user.pk}").random()
            if user.username != "agent" and draw < RATE:
                services.document_acknowledge(page=page, user=user)
                acknowledged += 1
    if stdout:
        stdout.write(f"Newcomers: {acknowledged} readings of the policy and the scope.\n")
    return {"readings acknowledged": acknowledged}

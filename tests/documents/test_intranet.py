"""What agents see on the intranet: only documents in force; obsolete versions marked."""

from documents.models import Acknowledgement
from tests import factories as f


def test_login_required(client, published):
    response = client.get(published.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_login_page_is_a_standard_form(client, people):
    response = client.get("/login/")
    assert response.status_code == 200
    assert b'name="username"' in response.content and b'name="password"' in response.content
    response = client.post("/login/", {"username": "agent", "password": "demo"})
    assert response.status_code == 302


def test_agent_gets_404_for_a_draft(client, draft, people):
    client.force_login(people.agent)
    assert client.get(draft.url).status_code == 404


def test_agent_gets_404_for_a_document_in_review(client, draft, people):
    f.submit(draft, people.agent)
    client.force_login(people.agent)
    assert client.get(draft.url).status_code == 404


def test_published_document_page(client, published, people):
    client.force_login(people.agent)
    response = client.get(published.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "PRO-ACC-001" in html and "Procédures d&#x27;accueil du public" in html
    assert "Accueillir l'usager avec courtoisie." in html


def _publish_v2(page, people, summary="Nouveaux horaires"):
    page = page.specific.__class__.objects.get(pk=page.pk)
    page.change_summary = summary
    page.title = "Procédures d'accueil (v2)"
    page.save_revision(user=people.agent)
    return f.publish(page, verifier=people.pilot, approver=people.quality)


def test_obsolete_version_is_marked_with_link_to_current(client, published, people):
    page = _publish_v2(published, people)
    client.force_login(people.agent)
    response = client.get(page.url + "version/1/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Procédures d&#x27;accueil du public" in html  # the old title, as it was
    assert f'href="{page.url}"' in html  # link to the version in force
    current = client.get(page.url).content.decode()
    assert "Procédures d&#x27;accueil (v2)" in current
    assert 'role="alert"' not in current


def test_current_version_number_redirects_to_the_page(client, published, people):
    client.force_login(people.agent)
    response = client.get(published.url + "version/1/")
    assert response.status_code == 302 and response["Location"] == published.url


def test_unknown_version_is_404(client, published, people):
    client.force_login(people.agent)
    assert client.get(published.url + "version/7/").status_code == 404


def test_withdrawn_document_is_no_longer_served(client, published, people):
    published.unpublish(user=people.quality)
    client.force_login(people.agent)
    assert client.get(published.url).status_code == 404


def test_acknowledge_from_the_document_page(client, published, people):
    client.force_login(people.agent)
    home = client.get("/").content.decode()
    assert "PRO-ACC-001" in home.split('id="to-read"')[1].split("</section>")[0]
    page_html = client.get(published.url).content.decode()
    assert "acknowledge/" in page_html
    response = client.post(published.url + "acknowledge/")
    assert response.status_code == 302
    ack = Acknowledgement.objects.get(user=people.agent, version__page=published)
    assert ack.acknowledged_at is not None
    home = client.get("/").content.decode()
    assert "PRO-ACC-001" not in home.split('id="to-read"')[1].split("</section>")[0]


def test_acknowledge_requires_post_and_csrf(published, people):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(people.agent)
    assert client.get(published.url + "acknowledge/").status_code == 405
    assert client.post(published.url + "acknowledge/").status_code == 403


def test_library_filters(client, library, published, people, etat_civil):
    other = f.make_document(library, owner_service=etat_civil, author=people.other_agent,
                            reference="PRO-EC-001", title="Acte de naissance",
                            applies_to=[etat_civil, people.agent.service])
    f.publish(other, verifier=people.other_pilot, approver=people.quality)
    lonely = f.make_document(library, owner_service=etat_civil, author=people.other_agent,
                             reference="PRO-EC-002", title="Mariage", applies_to=[etat_civil])
    f.publish(lonely, verifier=people.other_pilot, approver=people.quality)
    client.force_login(people.agent)

    def listed(query):
        html = client.get(library.url + query).content.decode()
        return {ref for ref in ("PRO-ACC-001", "PRO-EC-001", "PRO-EC-002") if ref in html}

    assert listed("") == {"PRO-ACC-001", "PRO-EC-001", "PRO-EC-002"}
    assert listed(f"?service={people.agent.service_id}") == {"PRO-ACC-001", "PRO-EC-001"}
    assert listed(f"?service={etat_civil.pk}") == {"PRO-EC-001", "PRO-EC-002"}
    assert listed("?type=instruction") == set()
    assert listed("?type=procedure") == {"PRO-ACC-001", "PRO-EC-001", "PRO-EC-002"}


def test_library_by_process_family_and_process(client, library, people, accueil):
    from documents.models import ProcessSheetPage

    sheet = f.make_document(library, ProcessSheetPage, owner_service=accueil, author=people.agent,
                            reference="PRC-R01", title="Accueil des usagers", family="realisation")
    sheet = f.publish(sheet, verifier=people.pilot, approver=people.quality)
    child = f.make_document(sheet, owner_service=accueil, author=people.agent,
                            reference="PRO-ACC-010", title="Accueil téléphonique")
    f.publish(child, verifier=people.pilot, approver=people.quality)
    outside = f.make_document(library, owner_service=accueil, author=people.agent,
                              reference="PRO-ACC-011", title="Hors processus")
    f.publish(outside, verifier=people.pilot, approver=people.quality)
    client.force_login(people.agent)

    def listed(query):
        html = client.get(library.url + query).content.decode()
        return {r for r in ("PRC-R01", "PRO-ACC-010", "PRO-ACC-011") if f"<td>{r}</td>" in html}

    assert listed("?family=realisation") == {"PRC-R01", "PRO-ACC-010"}
    assert listed("?family=support") == set()
    assert listed(f"?process={sheet.pk}") == {"PRC-R01", "PRO-ACC-010"}
    html = client.get(library.url + f"?process={sheet.pk}").content.decode()
    assert "Accueil des usagers" in html  # the process column names the process

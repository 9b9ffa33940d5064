"""The process map: its layout (families in their rows, arrows that go from box to box
around the others), its SVG (one link per box, arrows), the one-page landscape PDF, the
intranet page and the back-office page."""

import io
import re
from types import SimpleNamespace
from xml.dom import minidom

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _
from pypdf import PdfReader

from processes import demo
from processes.map import layout_map, map_svg
from processes.models import Process
from tests.processes.factories import InteractionFactory, ProcessFactory
from tests.processes.test_register import World, admin_url, grow, refused

M, R, S = Process.Family.MANAGEMENT, Process.Family.REALISATION, Process.Family.SUPPORT


@pytest.fixture
def world(people, accueil, etat_civil):
    return World(people, accueil, etat_civil)


def demo_layout(width=1120):
    """The demo commune's map (its processes and interactions, without a database)."""
    processes = sorted(
        (SimpleNamespace(code=code, name=name, family=family)
         for code, name, family, _owner, _others in demo.PROCESSES),
        key=lambda p: demo.MAP_ORDER.index(p.code),
    )
    interactions = [SimpleNamespace(source=a, target=b, description=d)
                    for a, b, d in demo.INTERACTIONS]
    return layout_map(processes, interactions, href=lambda p: f"/processus/{p.code}/",
                      width=width)


# --- the layout ----------------------------------------------------------------------------------------


def test_families_are_drawn_management_on_top_realisation_between_the_bands_support_below():
    layout = demo_layout()
    boxes = layout.boxes.values()
    bottom = {family: max(b.y + b.height for b in boxes if b.family == family)
              for family in (M, R, S)}
    top = {family: min(b.y for b in boxes if b.family == family) for family in (M, R, S)}
    assert bottom[M] < top[R] and bottom[R] < top[S]
    left, right = sorted(layout.bands, key=lambda band: band.x)
    assert left.side == "left" and right.side == "right"
    for box in boxes:
        if box.family == R:  # between the needs (left) and the satisfaction (right)
            assert left.x + left.width < box.x and box.x + box.width < right.x
            assert left.y <= box.y and box.y + box.height <= left.y + left.height
    assert [f.family for f in sorted(layout.frames, key=lambda f: f.y)] == [M, R, S]


def _on_edge(point, box) -> bool:
    x, y = point
    inside_x = box.x - 0.01 <= x <= box.x + box.width + 0.01
    inside_y = box.y - 0.01 <= y <= box.y + box.height + 0.01
    on_x = abs(x - box.x) < 0.01 or abs(x - box.x - box.width) < 0.01
    on_y = abs(y - box.y) < 0.01 or abs(y - box.y - box.height) < 0.01
    return inside_x and inside_y and (on_x or on_y)


def _crosses(segment, box) -> bool:
    """Whether an axis-aligned segment goes through the inside of a box."""
    (x1, y1), (x2, y2) = segment
    low_x, high_x, low_y, high_y = min(x1, x2), max(x1, x2), min(y1, y2), max(y1, y2)
    return (low_x < box.x + box.width - 0.5 and high_x > box.x + 0.5
            and low_y < box.y + box.height - 0.5 and high_y > box.y + 0.5)


def test_each_arrow_runs_from_its_source_box_to_its_target_box_around_the_others():
    layout = demo_layout()
    assert len(layout.arrows) == len(demo.INTERACTIONS)
    for arrow in layout.arrows:
        source, target = layout.boxes[arrow.source], layout.boxes[arrow.target]
        assert _on_edge(arrow.points[0], source), arrow.label
        assert _on_edge(arrow.points[-1], target), arrow.label
        segments = list(zip(arrow.points, arrow.points[1:], strict=False))
        for (x1, y1), (x2, y2) in segments:
            assert abs(x1 - x2) < 0.01 or abs(y1 - y2) < 0.01, arrow.label  # orthogonal
        for box in layout.boxes.values():
            for segment in segments:
                assert not _crosses(segment, box), (arrow.label, box.code)


def test_two_arrows_never_run_on_top_of_each_other():
    layout = demo_layout()
    runs = []
    for arrow in layout.arrows:
        for (x1, y1), (x2, y2) in zip(arrow.points, arrow.points[1:], strict=False):
            if abs(y1 - y2) < 0.01:
                runs.append((round(y1, 2), min(x1, x2), max(x1, x2), arrow.label))
    for i, (y, a1, a2, label) in enumerate(runs):
        for y_other, b1, b2, other in runs[i + 1:]:
            if y == y_other and label != other:
                assert a2 <= b1 + 0.01 or b2 <= a1 + 0.01, (label, other)


def test_many_processes_wrap_in_several_rows_and_still_avoid_the_boxes():
    processes = [SimpleNamespace(code=f"P{i:02d}", name=f"Processus numéro {i}",
                                 family=[M, R, S][i % 3]) for i in range(30)]
    interactions = [SimpleNamespace(source=f"P{i:02d}", target=f"P{(i * 7 + 3) % 30:02d}",
                                    description="") for i in range(30) if (i * 7 + 3) % 30 != i]
    layout = layout_map(processes, interactions, href=lambda p: "#")
    assert len({round(b.y) for b in layout.boxes.values()}) > 3  # more than one row a family
    for arrow in layout.arrows:
        for segment in zip(arrow.points, arrow.points[1:], strict=False):
            for box in layout.boxes.values():
                assert not _crosses(segment, box), (arrow.label, box.code)


def test_long_names_are_wrapped_and_shortened_inside_their_box():
    long_name = "Gestion " + "très " * 40 + "longue"
    layout = layout_map([SimpleNamespace(code="P1", name=long_name, family=R)], [],
                        href=lambda p: "#")
    lines = layout.boxes["P1"].name_lines
    assert len(lines) == 4 and lines[-1].endswith("…")


# --- the SVG -------------------------------------------------------------------------------------------


def test_the_svg_has_a_link_per_box_and_a_titled_arrow_per_interaction():
    layout = demo_layout()
    svg = map_svg(layout, label="Cartographie", description="Douze processus")
    document = minidom.parseString(svg)
    root = document.documentElement
    assert root.getAttribute("aria-label") == "Cartographie"
    assert root.getElementsByTagName("title")[0].firstChild.data == "Cartographie"
    assert root.getElementsByTagName("desc")[0].firstChild.data == "Douze processus"
    links = {a.getAttribute("data-process"): a for a in root.getElementsByTagName("a")}
    assert set(links) == {code for code, *_rest in demo.PROCESSES}
    for code, link in links.items():
        assert link.getAttribute("href") == f"/processus/{code}/"
        assert link.getAttribute("aria-label").startswith(f"{code} — ")
        assert link.getElementsByTagName("rect")  # the box is inside its link
    arrows = [g for g in root.getElementsByTagName("g")
              if g.getAttribute("class") == "interaction"]
    assert {(g.getAttribute("data-source"), g.getAttribute("data-target")) for g in arrows} \
        == {(a, b) for a, b, _d in demo.INTERACTIONS}
    assert all(g.getElementsByTagName("polygon") for g in arrows)  # the arrowheads
    assert not re.search(r'\sid="', svg)  # nothing repeats when two maps share a page


# --- the intranet page ---------------------------------------------------------------------------------


def test_the_map_draws_every_active_process_with_its_link_and_arrows(client, world, people):
    world.it.status = Process.Status.ARCHIVED
    world.it.save()
    client.force_login(people.agent)
    response = client.get(reverse("processes:index"))
    svg = str(response.context["map_svg"])
    for code in ("PRC-M01", "PRC-R01", "PRC-R02"):
        assert f'href="{reverse("processes:process", args=[code])}"' in svg
    assert 'data-process="PRC-S04"' not in svg  # archived: not drawn, nor its arrows
    assert 'data-source="PRC-R01" data-target="PRC-R02"' in svg
    assert 'data-source="PRC-R02" data-target="PRC-R01"' in svg
    assert 'data-source="PRC-S04"' not in svg


MAP_PAGE_QUERIES = 9  # the register page: it shows the map and the register


def test_the_map_page_query_count_does_not_grow_with_the_map(client, world, people,
                                                              django_assert_num_queries):
    client.force_login(people.agent)
    url = reverse("processes:index")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    grow(world, 12, offset=20)
    with django_assert_num_queries(MAP_PAGE_QUERIES):
        response = client.get(url)
    assert len(few) == MAP_PAGE_QUERIES
    assert str(response.context["map_svg"]).count('class="process-link"') == 4 + 12


# --- the PDF ------------------------------------------------------------------------------------------


def test_the_map_pdf_is_one_landscape_page_with_the_codes_and_links(client, world, people):
    for i in range(8):
        InteractionFactory(source=ProcessFactory(code=f"PRC-R1{i}", family=R),
                           target=world.civil)
    client.force_login(people.agent)
    response = client.get(reverse("processes:map_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    text = page.extract_text()
    for code in ["PRC-M01", "PRC-R01", "PRC-R02", "PRC-S04", "PRC-R17"]:
        assert code in text, code
    assert "CARTO-PRC" in text and _("Uncontrolled copy once printed") in text
    links = [annotation.get_object()["/A"]["/URI"] for annotation in page["/Annots"]]
    assert "http://testserver" + reverse("processes:process", args=["PRC-R01"]) in links


# --- the back office ---------------------------------------------------------------------------------


def test_the_admin_map_links_to_the_edit_pages_the_user_may_open(client, world, people):
    client.force_login(people.pilot)
    response = client.get(reverse("processes_admin:map"))
    assert response.status_code == 200
    svg = str(response.context["map_svg"])
    assert f'href="{admin_url("process", "edit", world.reception.pk)}"' in svg  # their own
    assert f'href="{reverse("processes:process", args=["PRC-R02"])}"' in svg  # another's
    client.force_login(people.quality)
    svg = str(client.get(reverse("processes_admin:map")).context["map_svg"])
    assert f'href="{admin_url("process", "edit", world.civil.pk)}"' in svg


def test_the_admin_map_is_in_the_processes_menu_for_who_may_see_it(client, world, people):
    client.force_login(people.pilot)
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("processes_admin:map") in menu
    client.force_login(people.agent)
    assert refused(client.get(reverse("processes_admin:map")))


@pytest.mark.parametrize("width", [900, 1120, 1400])
def test_the_layout_fits_its_width(width):
    layout = demo_layout(width)
    assert all(box.x >= 0 and box.x + box.width <= width for box in layout.boxes.values())
    assert layout.height > 0

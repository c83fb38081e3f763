"""Every real document of the shared corpus imports, survives the YAML round trip and renders.

The structure each document must keep (headings, lists, tables, titles) is asserted
by the parser tests; this module checks the whole way through the database and
the pages. The corpus lives beside the repository (``../shared/corpus``); a
checkout without it fails here rather than skipping silently.
"""

from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from briefing.models import Briefing
from tests.corpus import corpus_dir

pytestmark = pytest.mark.django_db


def corpus_files() -> list:
    try:
        folder = corpus_dir()
    except FileNotFoundError:
        return []  # test_the_corpus_is_there fails with the reason
    paths = sorted(folder.glob("[0-9]*.md")) + sorted((folder / "text").glob("*.txt"))
    return [pytest.param(path, id=path.name) for path in paths]


def test_the_corpus_is_there():
    folder = corpus_dir()
    assert sorted(folder.glob("*.md")), f"no Markdown documents in {folder}"
    assert sorted((folder / "text").glob("*.txt")), f"no plain-text documents in {folder}/text"


def export(slug: str, path: Path) -> dict:
    call_command("export_briefing", slug, "-o", str(path), stderr=StringIO())
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.pop("exported_at")
    return data


@pytest.mark.parametrize("path", corpus_files())
def test_corpus_document_imports_round_trips_and_renders(path, tmp_path, client):
    call_command("import_briefing", str(path), stdout=StringIO())
    briefing = Briefing.objects.get()
    first = export(briefing.slug, tmp_path / "first.yaml")

    Briefing.objects.all().delete()
    call_command("import_briefing", str(tmp_path / "first.yaml"), stdout=StringIO())
    again = export(briefing.slug, tmp_path / "second.yaml")

    assert again == first
    briefing = Briefing.objects.get()
    lessons = list(briefing.lessons.live())
    assert lessons, f"{path.name} gave no lessons"
    for lesson in lessons:
        response = client.get(lesson.get_absolute_url())
        assert response.status_code == 200, lesson.get_absolute_url()

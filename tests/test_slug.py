"""atlas.slug: the one slug function (scaffold, validator hints, synthetic practices)."""

from __future__ import annotations

import random

import pytest

from atlas.load import load_atlas_data
from atlas.slug import MAX_SLUG_LENGTH, slugify
from atlas.synthetic import synthetic_practice

from helpers import ROOT, problems_for_file


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Fundão Welcome Desk", "fundao-welcome-desk"),
        ("Łódź: Straße & Œuvre", "lodz-strasse-oeuvre"),
        ("  Ung Kraft -- Hudiksvall!  ", "ung-kraft-hudiksvall"),
        ("Women's circle 7", "women-s-circle-7"),
        ("!!!", ""),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_a_long_title_is_cut_without_a_trailing_hyphen() -> None:
    slug = slugify("word " * 40)
    assert len(slug) <= MAX_SLUG_LENGTH and not slug.endswith("-")


def test_synthetic_practices_are_named_by_the_same_function() -> None:
    data = load_atlas_data(ROOT / "data")
    slug, text = synthetic_practice(3, random.Random(1), data)
    assert slug == slugify(slug) and f'slug: "{slug}"' in text


def test_the_validator_suggests_the_slug_of_the_value(tmp_path) -> None:
    source = (ROOT / "tests" / "fixtures" / "valid" / "rent-and-care.md").read_text(encoding="utf-8")
    path = tmp_path / "rent-and-care.md"
    path.write_text(source.replace("slug: rent-and-care", "slug: Rent and Care Ü"), encoding="utf-8")
    hints = [p.hint for p in problems_for_file(path, tmp_path) if p.field == "slug"]
    assert "use lower-case words joined by hyphens, e.g. 'rent-and-care-u'" in hints

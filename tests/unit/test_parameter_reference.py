"""docs/parameters.md is the page the code writes: the documented bounds are the checked ones."""

from pathlib import Path

from valorize.model.reference import page


def test_the_parameter_page_is_up_to_date():
    doc = Path(__file__).resolve().parents[2] / "docs/parameters.md"
    assert doc.read_text(encoding="utf-8") == page(), (
        "docs/parameters.md is out of date: python -m valorize.model.reference > docs/parameters.md"
    )

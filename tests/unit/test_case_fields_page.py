"""docs/case-fields.md is what the case schemas say, and every field says what it is."""

from pathlib import Path

from valorize.model.case_fields import page, sections, undescribed
from valorize.refinery.case import Case

ROOT = Path(__file__).resolve().parents[2]


def test_every_field_of_every_route_is_described():
    assert undescribed() == []


def test_the_page_is_the_one_the_schemas_write():
    """docs/case-fields.md: python -m valorize.model.case_fields > docs/case-fields.md"""
    assert (ROOT / "docs" / "case-fields.md").read_text() == page()


def test_units_bounds_and_defaults_come_from_the_schema():
    table = dict(sections(Case))
    rate = next(r for r in table["feed"] if r[0] == "rate")
    assert rate[1] == "required" and rate[2] == "kg/s" and rate[3].startswith("0 to")
    assert "[[uncertainty]]" in next(r for r in table[""] if r[0] == "uncertainty")[4]
    assert "uncertainty[]" in table  # a list of tables is a section of its own

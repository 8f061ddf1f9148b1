"""The pure helpers of the register pages: posted fields to the schema's dict, errors to the form's fields."""

from __future__ import annotations

import pytest
from starlette.datastructures import FormData

from truceline.errors import DuplicateName, InvalidValue, SchemaError, UnknownReference, schema_error
from truceline.registry.schemas import PartyCreate
from truceline.web.routes.register_pages.accessions import step_chart
from truceline.web.routes.register_pages.common import (
    FormShape,
    drop_empty_objects,
    for_create,
    form_errors,
    parse_form,
    validated,
)


def test_parse_form_builds_rows_lists_objects_and_drops_blank_rows():
    form = FormData([
        ("csrf_token", "t"), ("name", "  Liwa  "), ("description", ""), ("settlement.lat", "35.1"),
        ("aliases.1.name", "second"), ("aliases.0.name", "first"), ("aliases.0.lang", "ar"),
        ("aliases.2.name", ""), ("aliases.2.lang", ""), ("guarantors", "russia"), ("guarantors", "turkey"),
        ("admin_areas", "SY-ID Idlib\n\n  SY-HM Hama  \n"), ("approximate", "on"),
        ("delegations.0.members", "A, B ,, C"), ("delegations.0.party", "russia"),
    ])
    shape = FormShape(rows=frozenset({"aliases", "delegations"}), multi=frozenset({"guarantors", "witnesses"}),
                      bools=frozenset({"approximate", "other_flag"}), lines=frozenset({"admin_areas"}),
                      commas=frozenset({"delegations.members"}))
    data = parse_form(form, shape)
    assert "csrf_token" not in data and data["name"] == "Liwa" and data["description"] is None
    assert data["settlement"] == {"lat": "35.1"}
    assert data["aliases"] == [{"name": "first", "lang": "ar"}, {"name": "second"}]
    assert data["guarantors"] == ["russia", "turkey"] and data["witnesses"] == []
    assert data["approximate"] is True and data["other_flag"] is False
    assert data["admin_areas"] == ["SY-ID Idlib", "SY-HM Hama"]
    assert data["delegations"] == [{"members": ["A", "B", "C"], "party": "russia"}]


def test_blank_objects_and_create_defaults():
    assert drop_empty_objects({"settlement": {"name": None, "lat": None}}, "settlement") == {"settlement": None}
    assert for_create({"name": "x", "key": None, "reason": "r", "expected_version": "1"}) == {"name": "x"}


def test_validated_reports_required_and_schema_problems_by_field():
    with pytest.raises(SchemaError) as err:
        validated(PartyCreate, {"name": None, "kind": "armed_group"}, required=("name",))
    assert err.value.code == "E101" and err.value.details == [{"field": "name", "message": "required"}]
    with pytest.raises(SchemaError) as err:
        validated(PartyCreate, {"name": "x", "kind": "nope", "aliases": [{"name": ""}]})
    assert err.value.code == "E101"
    assert {d["field"] for d in err.value.details} == {"kind", "aliases.0.name"}


def test_form_errors_place_messages_next_to_named_fields():
    err = schema_error([{"loc": ("body", "aliases", 0, "name"), "msg": "too short"},
                        {"loc": ("weird",), "msg": "what"}])
    placed = form_errors(err, ("name", "aliases"))
    assert placed.code == "E101" and placed.for_field("aliases") == ["too short"]
    assert placed.for_field("aliases.0.name") == ["too short"] and placed.for_field("name") == []
    assert placed.general == ["weird: what"]
    domain = UnknownReference("affiliation names unknown party 'x'",
                              details=[{"field": "affiliations.party", "value": "x"}])
    assert form_errors(domain, ("affiliations",)).for_field("affiliations") == [domain.user_message]
    step = InvalidValue("bad step", details=[{"field": "lifecycle[3].state", "value": "agreed"}])
    assert form_errors(step, ("state",), renames={"lifecycle.3.": ""}).for_field("state") == ["bad step"]
    zone = DuplicateName("taken", details=[{"field": "versions.0.geometry"}])
    assert form_errors(zone, ("geometry",), renames={"versions.0.": ""}).for_field("geometry") == ["taken"]


def test_step_chart_holds_each_count_until_the_next_date():
    from datetime import date

    from truceline.accessions.models import CountPoint

    chart = step_chart([CountPoint(date=date(2017, 1, 1), groups=1, settlements=0),
                        CountPoint(date=date(2017, 1, 3), groups=2, settlements=1)])
    groups = [tuple(map(float, p.split(","))) for p in chart["groups"].split()]
    assert len(groups) == 3 and groups[1][1] == groups[0][1] and groups[1][0] == groups[2][0]
    assert chart["top"] == 2 and step_chart([])["first"] is None

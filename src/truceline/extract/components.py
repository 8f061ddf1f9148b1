"""The pipeline components, registered in one table: ``pipeline.toml`` names them in order. A component
is a function ``(state, resources) -> None`` that fills in part of the ``WorkState``; the built-ins are
registered here like any extension would be (``register_component``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from truceline.extract.cleaning import clean
from truceline.extract.dateline import find_dateline, publication_date
from truceline.extract.dates import find_dates
from truceline.extract.events import find_events
from truceline.extract.gazetteer import Gazetteer
from truceline.extract.models import WorkState
from truceline.extract.places import find_places
from truceline.extract.statements import find_statements


@dataclass(frozen=True)
class Resources:
    """What components share across documents: the spaCy pipeline and the gazetteer."""

    nlp: Any
    gazetteer: Gazetteer


Component = Callable[[WorkState, Resources], None]
COMPONENTS: dict[str, Component] = {}


def register_component(name: str) -> Callable[[Component], Component]:
    def add(fn: Component) -> Component:
        COMPONENTS[name] = fn
        return fn

    return add


@register_component("clean")
def clean_component(state: WorkState, resources: Resources) -> None:
    state.text = clean(state.doc.text)


@register_component("dateline")
def dateline_component(state: WorkState, resources: Resources) -> None:
    state.dateline = find_dateline(state.text or state.doc.text, reference_date=state.doc.reference_date)
    state.publication_date = publication_date(state.dateline, metadata_date=state.doc.metadata_date)


@register_component("nlp")
def nlp_component(state: WorkState, resources: Resources) -> None:
    state.nlp_doc = resources.nlp(state.text or state.doc.text)


@register_component("places")
def places_component(state: WorkState, resources: Resources) -> None:
    state.places = find_places(state.nlp_doc, state.text, gazetteer=resources.gazetteer,
                               skip=(state.dateline.start, state.dateline.end))


@register_component("dates")
def dates_component(state: WorkState, resources: Resources) -> None:
    state.dates = find_dates(state.text, anchor=state.publication_date or state.doc.reference_date)


@register_component("statements")
def statements_component(state: WorkState, resources: Resources) -> None:
    state.statements = find_statements(state.text, state.nlp_doc, body_start=state.dateline.end)


@register_component("events")
def events_component(state: WorkState, resources: Resources) -> None:
    state.events = find_events(state.text, state.nlp_doc, places=state.places, dates=state.dates,
                               statements=state.statements, outlet=state.dateline.outlet,
                               anchor_date=state.publication_date,
                               headline_end=state.dateline.start if state.dateline.place else 0,
                               dateline=(state.dateline.start, state.dateline.end))

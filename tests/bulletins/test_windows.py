"""Humanitarian windows in bulletins (format /2): the count and the flagged incidents with the window named;
reproducible bytes; a /1 file is still read, checked and re-rendered as it was written."""

from __future__ import annotations

import json

import pytest

from tests.bulletins import scenario
from tests.incidents.fakes import memory_store
from truceline.bulletins import codec, render
from truceline.bulletins.models import FORMAT, FORMAT_V1, Audience
from truceline.bulletins.service import issue
from truceline.common.models import ReleaseLevel
from truceline.humanitarian import window_service
from truceline.humanitarian.window_schemas import WindowCreate

AROUND_DOUMA = {"type": "Polygon", "coordinates": [[[36.35, 33.52], [36.45, 33.52], [36.45, 33.62], [36.35, 33.62],
                                                    [36.35, 33.52]]]}


def _window(store, ctx, **over):
    data = {"key": "douma-evacuation", "name": "Douma medical evacuation", "purpose": "evacuation",
            "area": AROUND_DOUMA, "start": "2017-10-21T00:00:00Z", "end": "2017-10-22T00:00:00Z",
            "status": "agreed", "parties_notified": ["jaysh-al-islam"], **over}
    return window_service.create_window(store, ctx, WindowCreate.model_validate(data))


@pytest.fixture
def world(ctx):
    store = memory_store()
    incidents = scenario.build(store, ctx)
    _window(store, ctx)  # created after the incidents: their scope check follows it
    return store, incidents


def _issue(store, ctx, **over):
    return issue(store, **{"start": scenario.START, "end": scenario.END, "issuer": "truceline-a",
                           "now": ctx.clock.now(), **over})


def test_bulletin_counts_and_names_the_incidents_inside_a_window(world, ctx):
    store, incidents = world
    bulletin = _issue(store, ctx)
    strike = incidents["douma_strike"].uid
    assert bulletin.format == FORMAT
    assert [s.windows for s in bulletin.incidents if s.uid == strike] == [("douma-evacuation",)]
    assert all(not s.windows for s in bulletin.incidents if s.uid != strike)
    assert (bulletin.tables.in_windows.count, bulletin.tables.in_windows.incidents) == (1, (strike,))
    assert list(bulletin.tables.by_window) == ["douma-evacuation"]
    assert [(w.key, w.name, w.purpose) for w in bulletin.windows] == [("douma-evacuation", "Douma medical evacuation",
                                                                       "evacuation")]
    html = render.render_html(bulletin)
    section = html.split("<h2>Humanitarian windows</h2>", 1)[1].split("<h2>", 1)[0]
    assert "Incidents inside an agreed humanitarian window: <strong>1</strong>" in section
    assert "Douma medical evacuation" in section and "<code>douma-evacuation</code>" in section
    assert f"<code>{strike[:8]}</code>" in section
    assert "inside humanitarian window douma-evacuation" in html


def test_window_bulletin_is_byte_reproducible_and_reads_back(world, ctx):
    store, _ = world
    first, again = _issue(store, ctx), _issue(store, ctx)
    assert codec.dumps(first) == codec.dumps(again)
    back = codec.loads(codec.dumps(first))
    assert back == first and codec.dumps(back) == codec.dumps(first)
    assert render.render_html(back) == render.render_html(first)


def test_a_changed_window_count_is_caught_as_inconsistent(world, ctx):
    store, _ = world
    doc = json.loads(codec.dumps(_issue(store, ctx)))
    doc["tables"]["in_windows"]["count"] = 0
    doc["content_hash"] = ""
    doc["content_hash"] = codec.hashlib.sha256(codec.canonical_json(
        {k: v for k, v in doc.items() if k != "content_hash"})).hexdigest()
    with pytest.raises(Exception, match="do not follow from its incidents") as err:
        codec.loads(codec.canonical_json(doc))
    assert err.value.code == "E554"


def test_public_bulletins_name_only_public_windows(world, ctx):
    store, incidents = world
    strike = store.incidents.get(incidents["douma_strike"].id)
    store.incidents.save(strike.model_copy(update={"published": True, "release": ReleaseLevel.public,
                                                   "version": strike.version + 1}))
    public = _issue(store, ctx, audience=Audience.public)
    assert [s.windows for s in public.incidents] == [("douma-evacuation",)]  # a public window
    assert [w.key for w in public.windows] == ["douma-evacuation"]
    _window(store, ctx, key="douma-repairs", name="Douma repairs", purpose="repairs", release="mechanism")
    strike = store.incidents.get(incidents["douma_strike"].id)
    assert strike.scope.windows == ["douma-evacuation", "douma-repairs"]
    public = _issue(store, ctx, audience=Audience.public)
    assert [s.windows for s in public.incidents] == [("douma-evacuation",)]  # the mechanism's window is hidden
    assert [w.key for w in public.windows] == ["douma-evacuation"]
    mechanism = _issue(store, ctx)
    assert list(mechanism.tables.by_window) == ["douma-evacuation", "douma-repairs"]
    assert mechanism.tables.in_windows.count == 1  # one incident, in two windows


def test_no_window_section_note_when_nothing_is_flagged(ctx):
    store = memory_store()
    scenario.build(store, ctx)
    bulletin = _issue(store, ctx)
    assert bulletin.tables.in_windows.count == 0 and bulletin.windows == ()
    assert "No incident inside an agreed humanitarian window in this period." in render.render_html(bulletin)


def test_a_format_1_file_is_read_checked_and_rerendered_as_written(ctx):
    store = memory_store()
    scenario.build(store, ctx)
    old = codec.seal(_issue(store, ctx).model_copy(update={"format": FORMAT_V1}))
    raw = codec.dumps(old)
    doc = json.loads(raw)
    assert doc["format"] == FORMAT_V1 and "windows" not in doc and "in_windows" not in doc["tables"]
    assert all("windows" not in i for i in doc["incidents"])
    back = codec.loads(raw)
    assert codec.dumps(back) == raw and back.content_hash == old.content_hash
    assert "Humanitarian windows" not in render.render_html(back)

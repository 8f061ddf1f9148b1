"""The analyst's day in a real browser: log in, submit a report through the form (map picker), find it in
the review queue, accept it with the keyboard, see it on the map, open its incident; then a public reader
who sees none of it. Screenshots of each page go to the screenshots folder."""

from __future__ import annotations

import re

import pytest

from tests.e2e.server import demo_server

pytestmark = pytest.mark.e2e
PW = "correct horse battery"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review")
    with demo_server(folder, accounts=(("amal", "analyst"), ("reader", "public_reader")), password=PW) as base:
        yield base


def log_in(page, base: str, username: str, *, then: str = "/") -> None:
    page.goto(f"{base}/login?next={then}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PW)
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile("^" + re.escape(base + then) + r"(\?.*)?$"))


def test_analyst_submits_reviews_accepts_and_finds_the_incident(page, server, screenshots):
    page.goto(f"{server}/login")
    page.screenshot(path=str(screenshots / "login.png"), full_page=True)
    log_in(page, server, "amal", then="/reports/new")
    assert "amal · analyst" in page.locator("header .who").inner_text()

    # the form: choose, type, and place the report by clicking the map
    page.select_option("select[name=event_type]", "shelling")
    page.select_option("select[name=source]", "sohr")
    page.fill("input[name=occurred_at]", "2017-10-21T05:30")
    page.select_option("select[name=place_precision]", "town")
    page.wait_for_function("document.querySelectorAll('#picker .leaflet-basemap-pane path').length > 10",
                           timeout=20_000)
    page.locator("#picker").click(position={"x": 120, "y": 90})
    assert page.input_value("input[name=lat]") != "" and page.input_value("input[name=lon]") != ""
    page.fill("input[name=lat]", "35.9306")  # then the exact place, typed: the marker follows
    page.fill("input[name=lon]", "36.6339")
    page.fill("input[name=place_name]", "Idlib, the market")
    page.select_option("select[name=perpetrator]", index=1)
    page.fill("input[name=killed_min]", "2")
    page.fill("input[name=killed_max]", "5")
    page.fill("textarea[name=text]", "Shelling hit the market in Idlib; two to five killed.")
    page.screenshot(path=str(screenshots / "report-form.png"), full_page=True)
    page.click("#report-form button[type=submit]")

    # the queue, with the new candidate opened and held by the analyst
    page.wait_for_url(re.compile(r"/review\?id=\d+&done=submitted$"))
    report_id = int(re.search(r"id=(\d+)", page.url).group(1))
    page.wait_for_selector(f".review-detail[data-report='{report_id}'] #accept", timeout=10_000)
    assert "Idlib, the market" in page.locator("#detail").inner_text()
    page.screenshot(path=str(screenshots / "review-queue.png"), full_page=True)
    page.locator(f"tr.candidate[data-id='{report_id}']").focus()
    page.keyboard.press("a")  # accept
    page.wait_for_url(re.compile(rf"/review\?done=accepted:{report_id}$"))
    assert page.locator(f"tr.candidate[data-id='{report_id}']").count() == 0

    report = page.request.get(f"{server}/api/v1/reports/{report_id}").json()
    assert report["status"] == "accepted" and report["incident_id"]
    incident_id = report["incident_id"]

    # the map shows the analyst's working incidents, the new one among them
    page.goto(f"{server}/")
    page.wait_for_selector("#map[data-loaded='true']", timeout=20_000)
    page.fill("input[name=from]", "2017-10-01")
    page.fill("input[name=to]", "2017-10-31")
    page.locator("input[name=to]").dispatch_event("change")
    page.wait_for_function(f"""() => {{
        const layers = document.getElementById('map').trucelineLayers;
        return layers && layers.incidents.getLayers().some((m) => m.options.incidentId === {incident_id}); }}""",
                           timeout=20_000)
    page.screenshot(path=str(screenshots / "map-analyst.png"), full_page=True)

    page.goto(f"{server}/incidents/{incident_id}")
    text = page.locator("main").inner_text()
    assert "Reports side by side" in text and "sohr" in text and "amal" in text  # the report, its source, who
    page.screenshot(path=str(screenshots / "incident-analyst.png"), full_page=True)


def test_public_reader_sees_no_restricted_record(page, server, screenshots):
    log_in(page, server, "reader")
    assert "reader · public reader" in page.locator("header .who").inner_text()
    assert page.locator("nav a[href='/review']").count() == 0
    listed = page.request.get(f"{server}/api/v1/incidents").json()
    assert listed["data"] and all(i["published"] for i in listed["data"])
    unpublished = page.request.get(f"{server}/api/v1/incidents/unpublished")
    assert unpublished.status == 404
    assert page.request.get(f"{server}/api/v1/reports").status == 403
    page.goto(f"{server}/incidents/unpublished")
    assert "no incident" in page.locator("main").inner_text()
    page.goto(f"{server}/")
    page.wait_for_selector("#map[data-loaded='true']", timeout=20_000)
    page.screenshot(path=str(screenshots / "map-public-reader.png"), full_page=True)
    assert page.goto(f"{server}/review").status == 403


def test_review_keys_act_on_the_highlighted_report(page, server, screenshots):
    """Enter opens the focused row; j moves to the next and opens it (giving back the first one's lock), so
    a accepts the report that is highlighted, never the one opened before."""
    log_in(page, server, "amal", then="/")
    csrf = page.request.get(f"{server}/api/v1/auth/me").json()["csrf_token"]
    made = []
    for minute in ("00", "01"):  # the earliest events: the first two rows of the queue
        r = page.request.post(f"{server}/api/v1/reports", headers={"x-csrf-token": csrf}, data={
            "source": "sohr", "occurred_at": f"2016-01-01T00:{minute}:00Z", "lat": 35.5, "lon": 36.5,
            "event_type": "shelling", "text": f"keyboard check {minute}"})
        assert r.status == 201, r.text()
        made.append(str(r.json()["id"]))
    page.goto(f"{server}/review")
    ids = page.locator("tr.candidate").evaluate_all("rows => rows.map((r) => r.dataset.id)")
    assert ids[:2] == made
    first, second = made
    page.locator(f"tr.candidate[data-id='{first}']").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(f".review-detail[data-report='{first}'] #accept", timeout=10_000)
    page.keyboard.press("j")
    page.wait_for_selector(f".review-detail[data-report='{second}'] #accept", timeout=10_000)
    assert page.locator("tr.candidate.selected").get_attribute("data-id") == second
    page.screenshot(path=str(screenshots / "review-after-j.png"), full_page=True)
    page.wait_for_function(f"""async () => {{
        const r = await fetch('/api/v1/reports/{first}'); return (await r.json()).locked_by === null; }}""",
                           timeout=10_000)  # moving on gave back the lock of the row left
    page.keyboard.press("a")
    page.wait_for_url(re.compile(rf"/review\?done=accepted:{second}$"))
    assert page.request.get(f"{server}/api/v1/reports/{second}").json()["status"] == "accepted"
    assert page.request.get(f"{server}/api/v1/reports/{first}").json()["status"] == "candidate"


def test_report_form_shows_every_problem_and_focuses_their_summary(page, server, screenshots, tmp_path):
    log_in(page, server, "amal", then="/reports/new")
    page.select_option("select[name=event_type]", "shelling")
    page.select_option("select[name=source]", "sohr")
    page.fill("input[name=lat]", "95")
    page.fill("input[name=lon]", "east")
    page.fill("input[name=killed_min]", "5")
    page.fill("input[name=killed_max]", "2")
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8 not much of a photo")
    page.set_input_files("input[name=attachments]", str(photo))
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("#form-error")
    assert page.evaluate("document.activeElement.id") == "form-error"  # read first
    summary = page.locator("#form-error").inner_text()
    assert "Correct the 3 fields below:" in summary and "A latitude lies between -90 and 90 degrees." in summary
    assert page.locator("#lat-error").inner_text() == "A latitude lies between -90 and 90 degrees."
    assert "photo.jpg" in page.locator("#attachments-dropped").inner_text()
    page.screenshot(path=str(screenshots / "report-form-errors.png"), full_page=True)
    page.locator("#form-error a[href='#field-lon']").click()
    assert page.evaluate("document.activeElement.name") == "lon"

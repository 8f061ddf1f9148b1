"""What the pages call the values of the domain's enums, in the message catalogs.

Each value has an English label marked with ``P_(kind, text)`` so extraction finds it with its context
(``kind``): one English word can take two forms in another language ("proposed" zone and post differ in
Russian). :func:`label` translates at render time; a value missing here shows with its underscores as
spaces. The map's script gets the same labels through :func:`map_labels`, and counts ("4 zones") in
every plural form of the language (``NP_`` marks those messages).
"""

from __future__ import annotations

from gettext import NullTranslations
from typing import Any

from babel import Locale


def P_(context: str, message: str) -> str:  # noqa: N802 - the usual name of a gettext marker
    """Mark ``message`` (in ``context``) for extraction; it is translated later, by :func:`label`."""
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802
    """Mark a message with a plural for extraction; translated later with ``ngettext``."""
    return singular, plural


COUNTED = {"zones": NP_("%(num)s zone", "%(num)s zones"), "posts": NP_("%(num)s post", "%(num)s posts"),
           "incidents": NP_("%(num)s incident", "%(num)s incidents")}

VALUES: dict[str, dict[str, str]] = {
    "event_type": {
        "air_strike": P_("event_type", "air strike"), "shelling": P_("event_type", "shelling"),
        "remote_explosive": P_("event_type", "remote explosive"), "armed_clash": P_("event_type", "armed clash"),
        "ground_advance": P_("event_type", "ground advance"),
        "attack_on_civilians": P_("event_type", "attack on civilians"),
        "abduction": P_("event_type", "abduction"), "sniper_fire": P_("event_type", "sniper fire"),
        "deployment": P_("event_type", "deployment"), "withdrawal": P_("event_type", "withdrawal"),
        "handover": P_("event_type", "handover"), "defection": P_("event_type", "defection"),
        "ceasefire_violation_claim": P_("event_type", "ceasefire violation claim"),
    },
    "grade": {
        "confirmed": P_("grade", "confirmed"), "fair": P_("grade", "fair"), "weak": P_("grade", "weak"),
        "contested": P_("grade", "contested"), "discounted": P_("grade", "discounted"),
        "ungraded": P_("grade", "not graded"),
    },
    "scope": {
        "violation": P_("scope", "violation"), "excluded_party": P_("scope", "excluded party"),
        "outside_zones": P_("scope", "outside zones"), "undetermined": P_("scope", "undetermined"),
        "unevaluated": P_("scope", "not checked"),
    },
    "zone_status": {
        "proposed": P_("zone_status", "proposed"), "active": P_("zone_status", "active"),
        "suspended": P_("zone_status", "suspended"), "dissolved": P_("zone_status", "dissolved"),
    },
    "post_state": {
        "proposed": P_("post_state", "proposed"), "agreed": P_("post_state", "agreed"),
        "deployed": P_("post_state", "deployed"), "withdrawn": P_("post_state", "withdrawn"),
    },
    "incident_status": {
        "received": P_("incident_status", "received"), "triaged": P_("incident_status", "triaged"),
        "under_verification": P_("incident_status", "under verification"),
        "graded": P_("incident_status", "graded"), "dismissed": P_("incident_status", "dismissed"),
        "duplicate": P_("incident_status", "duplicate"),
    },
    "position": {
        "confirms": P_("position", "confirms"), "does_not_confirm": P_("position", "does not confirm"),
        "disputes": P_("position", "disputes"), "no_answer": P_("position", "no answer yet"),
    },
    "release": {
        "public": P_("release", "public"), "mechanism": P_("release", "mechanism only"),
        "party_restricted": P_("release", "released to named parties"),
    },
    "time_precision": {
        "exact": P_("time_precision", "exact"), "hour": P_("time_precision", "to the hour"),
        "day": P_("time_precision", "to the day"), "range": P_("time_precision", "range"),
    },
    "place_precision": {
        "exact": P_("place_precision", "exact"), "near": P_("place_precision", "near a named place"),
        "town": P_("place_precision", "town"), "district": P_("place_precision", "district"),
        "governorate": P_("place_precision", "governorate"),
    },
    "link_rule": {
        "first": P_("link_rule", "first report"), "auto": P_("link_rule", "automatic"),
        "analyst": P_("link_rule", "by an analyst"),
    },
    "role": {
        "admin": P_("role", "admin"), "analyst": P_("role", "analyst"),
        "field_reporter": P_("role", "field reporter"), "party_liaison": P_("role", "party liaison"),
        "public_reader": P_("role", "public reader"),
    },
    "party": {"unknown": P_("party", "unknown")},
    "zone": {"": P_("zone", "outside every zone")},
}


def label(translations: NullTranslations, kind: str, value: Any) -> str:
    """The label of ``value`` (an enum member or its value) of ``kind``, translated."""
    key = "" if value is None else str(getattr(value, "value", value))
    text = VALUES.get(kind, {}).get(key)
    if text is None:
        return key.replace("_", " ")
    return translations.pgettext(kind, text)


def plural_forms(translations: NullTranslations, lang: str, forms: tuple[str, str]) -> dict[str, str]:
    """``{CLDR plural category: text with {n}}`` for a script that counts with ``Intl.PluralRules``:
    Russian has one, few and many; Arabic also zero and two."""
    locale = Locale.parse(lang)
    out: dict[str, str] = {}
    for n in range(200):
        out.setdefault(locale.plural_form(n), translations.ngettext(*forms, n).replace("%(num)s", "{n}"))
    return out


def map_labels(translations: NullTranslations, lang: str) -> dict[str, Any]:
    """The words the map's script writes (popups, legend, status line), translated."""
    _ = translations.gettext
    values = {kind: {k: label(translations, kind, k) for k in VALUES[kind]}
              for kind in ("zone_status", "post_state", "grade", "scope", "event_type")}
    return {"status": _("status"), "state": _("state"), "grade": _("grade"), "scope": _("scope"),
            "zone": _("zone"), "post": _("post"), "incident": _("incident"), "loading": _("Loading…"),
            "error": _("Could not load the map data"), "values": values,
            "list_more": _("The first %(shown)s of %(count)s are listed; narrow the filters to list the others.")
            .replace("%(shown)s", "{shown}").replace("%(count)s", "{count}"),
            **{name: plural_forms(translations, lang, forms) for name, forms in COUNTED.items()}}

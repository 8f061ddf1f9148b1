"""What the pages call the values of the domain's enums, in the message catalogs.

Each value has an English label marked with ``P_(kind, text)`` so extraction finds it with its context
(``kind``): one English word can take two forms in another language ("proposed" zone and post differ in
Russian). :func:`label` translates at render time, :func:`labelled` the options of a select; a value
missing here shows with its underscores as spaces. The map's script gets the same labels through
:func:`map_labels`, and counts ("4 zones") in every plural form of the language (``NP_`` marks those
messages).
"""

from __future__ import annotations

from collections.abc import Iterable
from gettext import NullTranslations
from typing import Any

from babel import Locale


def P_(context: str, message: str) -> str:  # noqa: N802 - the usual name of a gettext marker
    """Mark ``message`` (in ``context``) for extraction; it is translated later, by :func:`label`."""
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802
    """Mark a message with a plural for extraction; translated later with ``ngettext``."""
    return singular, plural


# What the scripts count: the map's zones, posts and incidents, the boundary editor's polygons.
COUNTED = {"zones": NP_("%(num)s zone", "%(num)s zones"), "posts": NP_("%(num)s post", "%(num)s posts"),
           "incidents": NP_("%(num)s incident", "%(num)s incidents"),
           "polygons": NP_("%(num)s polygon drawn", "%(num)s polygons drawn")}

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
    # the registers
    "party_kind": {
        "guarantor": P_("party_kind", "guarantor"), "observer": P_("party_kind", "observer"),
        "mediator": P_("party_kind", "mediator"), "state_party": P_("party_kind", "state party"),
        "armed_group": P_("party_kind", "armed group"), "excluded_group": P_("party_kind", "excluded group"),
        "foreign_force": P_("party_kind", "foreign force"), "militia": P_("party_kind", "militia"),
        "organisation": P_("party_kind", "organisation"),
    },
    "relation": {
        "supported_by": P_("relation", "supported by"), "part_of": P_("relation", "part of"),
        "allied_with": P_("relation", "allied with"), "defected_to": P_("relation", "defected to"),
    },
    "script": {
        "latin": P_("script", "latin"), "arabic": P_("script", "arabic"), "cyrillic": P_("script", "cyrillic"),
        "other": P_("script", "other"),
    },
    "agreement_kind": {
        "ceasefire": P_("agreement_kind", "ceasefire"), "memorandum": P_("agreement_kind", "memorandum"),
        "extension": P_("agreement_kind", "extension"), "protocol": P_("agreement_kind", "protocol"),
        "other": P_("agreement_kind", "other"),
    },
    "provision_type": {
        "non_use_of_force": P_("provision_type", "non-use of force"),
        "cessation_of_hostilities": P_("provision_type", "cessation of hostilities"),
        "deployment_of_observers": P_("provision_type", "deployment of observers"),
        "humanitarian_access": P_("provision_type", "humanitarian access"),
        "detainee_release": P_("provision_type", "detainee release"),
        "exchange_of_remains": P_("provision_type", "exchange of remains"),
        "withdrawal_of_heavy_weapons": P_("provision_type", "withdrawal of heavy weapons"),
        "separation_of_forces": P_("provision_type", "separation of forces"),
        "demining": P_("provision_type", "demining"),
        "return_of_displaced": P_("provision_type", "return of displaced people"),
        "political_process": P_("provision_type", "political process"), "other": P_("provision_type", "other"),
    },
    "agreement_term": {  # the terms an amendment may change (agreements.models.TERM_FIELDS)
        "expires_on": P_("agreement_term", "expiry date"), "extension_terms": P_("agreement_term", "extension terms"),
        "guarantors": P_("agreement_term", "guarantors"), "excluded_groups": P_("agreement_term", "excluded groups"),
        "provisions": P_("agreement_term", "provisions"),
    },
    "zone_kind": {
        "de_escalation_zone": P_("zone_kind", "de-escalation zone"), "security_belt": P_("zone_kind", "security belt"),
        "disengagement_area": P_("zone_kind", "disengagement area"), "buffer_zone": P_("zone_kind", "buffer zone"),
        "other": P_("zone_kind", "other"),
    },
    "post_kind": {
        "observation_post": P_("post_kind", "observation post"), "checkpoint": P_("post_kind", "checkpoint"),
        "monitoring_centre": P_("post_kind", "monitoring centre"), "patrol_base": P_("post_kind", "patrol base"),
    },
    "talks_status": {
        "planned": P_("talks_status", "planned"), "held": P_("talks_status", "held"),
        "postponed": P_("talks_status", "postponed"), "cancelled": P_("talks_status", "cancelled"),
    },
    "standing": {
        "party": P_("standing", "party"), "guarantor": P_("standing", "guarantor"),
        "observer": P_("standing", "observer"), "invited": P_("standing", "invited"),
        "mediator": P_("standing", "mediator"),
    },
    "group_level": {"expert": P_("group_level", "expert level"), "high": P_("group_level", "high level")},
    "track": {"astana": P_("track", "Astana"), "geneva": P_("track", "Geneva")},  # others show as their slug
    "change": {"create": P_("change", "create"), "update": P_("change", "update"), "delete": P_("change", "delete")},
    # documents, reports and statements
    "origin": {
        "file": P_("origin", "file"), "feed": P_("origin", "feed"), "push": P_("origin", "push"),
        "mail": P_("origin", "mail"),
    },
    "report_status": {
        "candidate": P_("report_status", "candidate"), "accepted": P_("report_status", "accepted"),
        "rejected": P_("report_status", "rejected"),
    },
    "statement_status": {
        "candidate": P_("statement_status", "candidate"), "accepted": P_("statement_status", "accepted"),
        "rejected": P_("statement_status", "rejected"),
    },
    # person lists and exchanges
    "list_kind": {
        "detained": P_("list_kind", "detained"), "abducted": P_("list_kind", "abducted"),
        "missing": P_("list_kind", "missing"), "remains": P_("list_kind", "remains"),
    },
    "pair_review": {
        "candidate": P_("pair_review", "candidate"), "confirmed": P_("pair_review", "confirmed"),
        "rejected": P_("pair_review", "rejected"),
    },
    "operation_status": {
        "planned": P_("operation_status", "planned"), "agreed": P_("operation_status", "agreed"),
        "in_progress": P_("operation_status", "in progress"), "completed": P_("operation_status", "completed"),
        "cancelled": P_("operation_status", "cancelled"),
    },
    "outcome": {
        "pending": P_("outcome", "pending"), "released": P_("outcome", "released"),
        "handed_over": P_("outcome", "handed over"), "refused": P_("outcome", "refused"),
        "deceased": P_("outcome", "deceased"), "not_found": P_("outcome", "not found"),
        "postponed": P_("outcome", "postponed"),
    },
}


def label(translations: NullTranslations, kind: str, value: Any) -> str:
    """The label of ``value`` (an enum member or its value) of ``kind``, translated."""
    key = "" if value is None else str(getattr(value, "value", value))
    text = VALUES.get(kind, {}).get(key)
    if text is None:
        return key.replace("_", " ")
    return translations.pgettext(kind, text)


def labelled(translations: NullTranslations, kind: str, options: Iterable[Any]) -> list[tuple[str, str]]:
    """``(value, label)`` pairs for a select: ``options`` are values (or enum members), or ``(value, text)``
    pairs whose text is replaced by the value's label."""
    values = (option[0] if isinstance(option, tuple) else option for option in options)
    return [(str(getattr(value, "value", value)), label(translations, kind, value)) for value in values]


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

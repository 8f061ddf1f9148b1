"""The agreement check's reasons in the reader's language.

``incidents/scope.py`` keeps its reasons as English sentences, one per step of the check, and they are stored
with the incident. Each sentence shape it writes is matched here and its parts (days, keys, lists) are put
into a translated frame from the message catalogs; a line of a shape not known here shows as written. An
event type inside a reason is named with its label (``web/labels.py``).
"""

from __future__ import annotations

import re
from gettext import NullTranslations

from truceline.web.labels import label


def N_(message: str) -> str:  # noqa: N802 - the usual name of a gettext no-op marker
    return message


SHAPES: list[tuple[re.Pattern[str], str]] = [(re.compile(pattern), frame) for pattern, frame in [
    (r"^on (?P<day>\S+) the place lies in zone\(s\) (?P<zones>.+)$",
     N_("on %(day)s the place lies in zone(s) %(zones)s")),
    (r"^agreement (?P<agreement>\S+) that created the zone was not in force on (?P<day>\S+)$",
     N_("agreement %(agreement)s that created the zone was not in force on %(day)s")),
    (r"^on (?P<day>\S+) the place lies in no zone$", N_("on %(day)s the place lies in no zone")),
    (r"^nationwide ceasefire\(s\) in force: (?P<agreements>.+)$",
     N_("nationwide ceasefire(s) in force: %(agreements)s")),
    (r"^agreement\(s\) in force for the zone: (?P<agreements>.+)$",
     N_("agreement(s) in force for the zone: %(agreements)s")),
    (r"^posts within 15 km: (?P<posts>.+)$", N_("posts within 15 km: %(posts)s")),
    (r"^inside humanitarian window (?P<window>\S+) \((?P<purpose>.+), until (?P<until>[^)]+)\)$",
     N_("inside humanitarian window %(window)s (%(purpose)s, until %(until)s)")),
    (r"^no agreement in force applies here$", N_("no agreement in force applies here")),
    (r"^perpetrator (?P<party>\S+) is a group excluded from (?P<agreement>\S+)$",
     N_("perpetrator %(party)s is a group excluded from %(agreement)s")),
    (r"^target (?P<party>\S+) is a group excluded from (?P<agreement>\S+)$",
     N_("target %(party)s is a group excluded from %(agreement)s")),
    (r"^a (?P<event_type>\S+) is not a use of force$", N_("a %(event_type)s is not a use of force")),
    (r"^the perpetrator is unknown$", N_("the perpetrator is unknown")),
    (r"^perpetrator (?P<party>\S+) was covered by (?P<agreement>\S+) on (?P<day>\S+)$",
     N_("perpetrator %(party)s was covered by %(agreement)s on %(day)s")),
    (r"^provision broken: (?P<provision>.+)$", N_("provision broken: %(provision)s")),
    (r"^(?P<agreement>\S+) has no cessation-of-hostilities provision then$",
     N_("%(agreement)s has no cessation-of-hostilities provision then")),
    (r"^perpetrator\(s\) (?P<parties>.+) not covered by (?P<agreements>.+)$",
     N_("perpetrator(s) %(parties)s not covered by %(agreements)s")),
]]


def reason_text(translations: NullTranslations, reason: str) -> str:
    """``reason`` in the language of ``translations`` when its shape is known, else as written."""
    for pattern, frame in SHAPES:
        found = pattern.match(reason)
        if found:
            parts = found.groupdict()
            if "event_type" in parts:
                parts["event_type"] = label(translations, "event_type", parts["event_type"])
            return translations.gettext(frame) % parts
    return reason

"""Load the demo scenario "Syria 2017" from the data files, through the same import path as
`truceline <register> import`: the demo is data, and it is validated like any user's file."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

from truceline.common.context import Ctx
from truceline.registers import get_spec
from truceline.transfer import ImportSummary, import_items, parse_file

# register name -> data file, in dependency order
DEMO_FILES: list[tuple[str, str]] = [
    ("parties", "parties.json"),
    ("agreements", "agreements.json"),
    ("zones", "zones.geojson"),
    ("posts", "posts.geojson"),
    ("accessions", "accessions.json"),
    ("talks", "talks.json"),
]


@dataclass(frozen=True)
class DemoSummary:
    imports: list[ImportSummary]

    def lines(self) -> list[str]:
        return [s.message() for s in self.imports]


def demo_bytes(filename: str) -> bytes:
    return resources.files("truceline.demo").joinpath("data", filename).read_bytes()


def load_demo(store: Any, ctx: Ctx) -> DemoSummary:
    """Import every demo file into ``store``; re-running updates the same records."""
    out = []
    for register, filename in DEMO_FILES:
        spec = get_spec(register)
        items = parse_file(demo_bytes(filename), spec=spec, name=f"demo/{filename}")
        out.append(import_items(store, ctx, spec, items))
    return DemoSummary(out)

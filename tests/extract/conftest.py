from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def pipeline():
    """The real pipeline (spaCy model and gazetteer), loaded once for the extraction tests."""
    from truceline.extract.pipeline import Pipeline

    return Pipeline.from_config()

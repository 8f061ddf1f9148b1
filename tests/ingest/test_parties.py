import pytest

from tests.ingest.helpers import seed
from truceline.ingest.parties import matcher_for
from truceline.testing.memory import MemoryStore


@pytest.fixture(scope="module")
def matcher():
    store = MemoryStore()
    seed(store)
    return matcher_for(store)


@pytest.mark.parametrize(("phrases", "party"), [
    (("Russian Defence Ministry",), "russia"),
    (("the Russian Defense Ministry spokesman",), "russia"),
    (("Russian Center for Syrian Reconciliation",), "russia"),
    (("the Syrian army",), "syrian-government"),
    (("Syrian military source",), "syrian-government"),
    (("Russia's top diplomat",), "russia"),
    (("Turkish Armed Forces",), "turkey"),
    (("the US-led coalition",), "us-led-coalition"),
    (("US envoy",), "united-states"),
    ((None, "Russian Foreign Minister", "Sergey Lavrov"), "russia"),
    (("SAA",), "syrian-government"),
])
def test_match_links_speakers_to_parties(matcher, phrases, party):
    assert matcher.match(*phrases) == party


@pytest.mark.parametrize("phrase", [
    "Syrian Observatory for Human Rights",  # a demonym without a state body is no party
    "he told us",  # "us" the pronoun is not the US
    "reconciliation center",
    "Lebanese army",  # Hezbollah is LB but a militia, not the state
    "Sergey Lavrov",
])
def test_match_says_nothing_when_the_register_does_not_say(matcher, phrase):
    assert matcher.match(phrase) is None

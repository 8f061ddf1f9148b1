"""Signed exchange between monitoring instances: canonical JSON, envelopes, key rings, peers, verification.

The API other domains use::

    from truceline.exchange import sign, verify, record_accepted, countersign

See docs/exchange.md for the trust model and the envelope format.
"""

from truceline.exchange.envelope import Envelope, countersign, sign
from truceline.exchange.verify import VerifiedPayload, record_accepted, verify

__all__ = ["Envelope", "VerifiedPayload", "countersign", "record_accepted", "sign", "verify"]

"""Fetching over HTTP behind a small port: ``HttpFetcher`` (httpx) and ``MemoryFetcher`` (the fake).

A fetch either returns the body of a 2xx answer or raises a coded error: ``FeedUnreachable`` (refused,
timed out, no such host, too large) or ``FeedHttpError`` (any other status).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import httpx

from truceline import __version__
from truceline.errors import DocumentTooLarge, FeedHttpError, FeedUnreachable, TrucelineError

USER_AGENT = f"truceline/{__version__} (feed poller)"


@dataclass(frozen=True)
class Fetched:
    url: str
    body: bytes
    content_type: str | None = None


class Fetcher(Protocol):
    def get(self, url: str) -> Fetched: ...


@dataclass
class HttpFetcher:
    timeout_seconds: float = 20.0
    max_bytes: int = 5 * 1024 * 1024

    def get(self, url: str) -> Fetched:
        try:
            with httpx.Client(timeout=self.timeout_seconds, follow_redirects=True,
                              headers={"user-agent": USER_AGENT}) as client, client.stream("GET", url) as answer:
                if not 200 <= answer.status_code < 300:
                    raise FeedHttpError(f"{url} answered HTTP {answer.status_code}",
                                        details=[{"url": url, "status": answer.status_code}])
                body = bytearray()
                for chunk in answer.iter_bytes():
                    body.extend(chunk)
                    if len(body) > self.max_bytes:
                        raise DocumentTooLarge(f"{url} is over the limit of {self.max_bytes:,} bytes")
                return Fetched(url=str(answer.url), body=bytes(body), content_type=answer.headers.get("content-type"))
        except httpx.TimeoutException:
            raise FeedUnreachable(f"{url} did not answer within {self.timeout_seconds:g} s") from None
        except httpx.HTTPError as err:
            raise FeedUnreachable(f"cannot fetch {url}: {type(err).__name__}: {err}") from None


@dataclass
class MemoryFetcher:
    """The fake: answers by URL; an error given for a URL is raised; an unknown URL is unreachable."""

    answers: dict[str, Fetched | TrucelineError] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)

    def get(self, url: str) -> Fetched:
        self.calls.append(url)
        answer = self.answers.get(url)
        if answer is None:
            raise FeedUnreachable(f"cannot fetch {url}: no such host")
        if isinstance(answer, TrucelineError):
            raise answer
        return answer

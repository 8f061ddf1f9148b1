"""Paging of list results: one shape for every register."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, kw_only=True)
class Page:
    limit: int = 100
    offset: int = 0


@dataclass(frozen=True)
class Paged(Generic[T]):
    items: list[T]
    count: int

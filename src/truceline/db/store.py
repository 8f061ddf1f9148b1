"""The SQL unit of work: one session, the repositories over it, one transaction.

Adapters (routes, CLI commands) open a store with ``store_scope``; it commits when the block ends without
error and rolls everything back otherwise, so nothing is ever half-written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session, sessionmaker

from truceline.accessions.repository import SqlAccessionRepository
from truceline.agreements.repository import SqlAgreementRepository
from truceline.audit.repository import SqlChangeLog
from truceline.humanitarian.accident_repository import SqlAccidentRepository
from truceline.humanitarian.repository import SqlHazardRepository, SqlWindowRepository
from truceline.incidents.repository import SqlIncidentRepository
from truceline.ingest.repository import SqlDocumentRepository, SqlFeedRepository, SqlStatementRepository
from truceline.persons.operation_repository import SqlOperationRepository
from truceline.persons.repository import SqlPersonAccessLog, SqlPersonListRepository
from truceline.persons.review_repository import SqlMatchRepository
from truceline.posts.repository import SqlPostRepository
from truceline.registry.repository import SqlPartyRepository
from truceline.reports.repository import SqlReportRepository
from truceline.sources.repository import SqlSourceRepository
from truceline.talks.repository import SqlTalksRoundRepository
from truceline.zones.repository import SqlZoneRepository


class SqlStore:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.changes = SqlChangeLog(session)
        self.parties = SqlPartyRepository(session)
        self.agreements = SqlAgreementRepository(session)
        self.accessions = SqlAccessionRepository(session)
        self.zones = SqlZoneRepository(session)
        self.posts = SqlPostRepository(session)
        self.talks = SqlTalksRoundRepository(session)
        self.incidents = SqlIncidentRepository(session)
        self.sources = SqlSourceRepository(session)
        self.reports = SqlReportRepository(session)
        self.hazards = SqlHazardRepository(session)
        self.windows = SqlWindowRepository(session)
        self.documents = SqlDocumentRepository(session)
        self.statements = SqlStatementRepository(session)
        self.feeds = SqlFeedRepository(session)
        self.accidents = SqlAccidentRepository(session)
        self.person_lists = SqlPersonListRepository(session)
        self.person_access = SqlPersonAccessLog(session)
        self.operations = SqlOperationRepository(session)
        self.matches = SqlMatchRepository(session)

    @property
    def dialect(self) -> str:
        return self.session.get_bind().dialect.name


@contextmanager
def store_scope(factory: sessionmaker[Session]) -> Iterator[SqlStore]:
    session = factory()
    try:
        yield SqlStore(session)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()

"""Every module that defines tables, imported once so ``Base.metadata`` is complete."""

from truceline.accessions import repository as accessions_repository  # noqa: F401
from truceline.accounts import repository as accounts_repository  # noqa: F401
from truceline.agreements import repository as agreements_repository  # noqa: F401
from truceline.audit import repository as audit_repository  # noqa: F401
from truceline.exchange import inbox as exchange_inbox  # noqa: F401
from truceline.exchange import outbox as exchange_outbox  # noqa: F401
from truceline.exchange import repository as exchange_repository  # noqa: F401
from truceline.humanitarian import accident_repository as humanitarian_accident_repository  # noqa: F401
from truceline.humanitarian import repository as humanitarian_repository  # noqa: F401
from truceline.incidents import repository as incidents_repository  # noqa: F401
from truceline.ingest import repository as ingest_repository  # noqa: F401
from truceline.persons import operation_repository as persons_operation_repository  # noqa: F401
from truceline.persons import repository as persons_repository  # noqa: F401
from truceline.persons import review_repository as persons_review_repository  # noqa: F401
from truceline.posts import repository as posts_repository  # noqa: F401
from truceline.registry import repository as registry_repository  # noqa: F401
from truceline.reports import repository as reports_repository  # noqa: F401
from truceline.sources import repository as sources_repository  # noqa: F401
from truceline.talks import repository as talks_repository  # noqa: F401
from truceline.zones import repository as zones_repository  # noqa: F401

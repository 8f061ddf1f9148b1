"""Every module that defines tables, imported once so ``Base.metadata`` is complete."""

from truceline.audit import repository as audit_repository  # noqa: F401
from truceline.registry import repository as registry_repository  # noqa: F401

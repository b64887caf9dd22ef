"""Alembic migrations (run from code by ``claimmark.core.storage.migrate``)."""

"""The database's failures under the store's own names, so the rest of the code can catch
them without importing SQLAlchemy (only the store speaks SQL)."""

from __future__ import annotations

from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError, SQLAlchemyError

# Any failure the database layer raises.
StoreError = SQLAlchemyError

__all__ = ["DatabaseError", "IntegrityError", "OperationalError", "StoreError"]

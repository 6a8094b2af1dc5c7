"""Named column mappings, so a foreign file of a known shape imports without remapping."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from geo.store import schema
from geo.store.frames import frame_on, sorted_by
from geo.store.store import Store
from geo.store.stored_names import check_label


def save_profile(store: Store, name: str, *, kind: str, mapping: str, created_by: str) -> None:
    """Save (or replace) a named column mapping for foreign files (``mapping``: its JSON text)."""
    name = check_label(name, what="the profile's name", limit=schema.MAX_PROFILE_NAME_LENGTH)
    created_by = check_label(created_by, what="the name", limit=schema.MAX_WHO_LENGTH)
    table = schema.import_profiles
    with store.writing() as conn:
        conn.execute(table.delete().where(table.c.name == name))
        conn.execute(
            table.insert().values(
                name=name, kind=kind, mapping=mapping, created_by=created_by, created_at=datetime.now(UTC)
            )
        )


def profiles(store: Store) -> dict[str, str]:
    """Every saved column mapping's JSON text, by name."""
    with store.reading() as conn:
        frame = sorted_by(frame_on(conn, sa.select(schema.import_profiles)), "name")
    return dict(zip(frame["name"], frame["mapping"], strict=True))

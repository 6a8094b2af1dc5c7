"""The current database tables, as SQLAlchemy Core objects for queries.

The tables are created and changed only by the migrations in ``geo/store/migrations``;
this module mirrors the newest revision (a test checks the two agree).
"""

from __future__ import annotations

from typing import Final

import sqlalchemy as sa

metadata = sa.MetaData()

#: Every write is a batch: the seed, an upload, or a revert of another batch.
batches = sa.Table(
    "batches",
    metadata,
    sa.Column("batch_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("file_name", sa.String(500)),
    sa.Column("checksum", sa.String(64)),
    sa.Column("row_count", sa.Integer, nullable=False),
    sa.Column("reverts_batch_id", sa.Integer, sa.ForeignKey("batches.batch_id")),
    sa.Column("note", sa.Text),
    #: "pending" for a batch committed for a second editor to review; NULL for one published at once.
    sa.Column("review", sa.String(16)),
)

#: Append-only: each review decision on a pending batch, on the whole batch (no row) or on one of its rows
#: (``row_table`` reports or authorisations, ``row_id`` its id). See :mod:`geo.review`.
reviews = sa.Table(
    "reviews",
    metadata,
    sa.Column("review_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.batch_id"), nullable=False),
    sa.Column("row_table", sa.String(32)),
    sa.Column("row_id", sa.Integer),
    sa.Column("decision", sa.String(16), nullable=False),
    sa.Column("note", sa.Text),
    sa.Column("reviewed_by", sa.String(200), nullable=False),
    sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
)

parties = sa.Table(
    "parties",
    metadata,
    sa.Column("party_id", sa.String(100), primary_key=True),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("color", sa.String(7)),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.batch_id"), nullable=False),
    sa.Column("country", sa.String(3)),
    sa.Column("aliases", sa.Text),
)

crossings = sa.Table(
    "crossings",
    metadata,
    sa.Column("crossing_id", sa.String(100), primary_key=True),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("country_a", sa.String(3), nullable=False),
    sa.Column("country_b", sa.String(3), nullable=False),
    sa.Column("name_a", sa.String(300)),
    sa.Column("name_b", sa.String(300)),
    # NULL where no source places the crossing: it is listed and reported, never drawn.
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("region", sa.String(100), nullable=False),
    sa.Column("note", sa.Text),
    sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.batch_id"), nullable=False),
)

#: Append-only: a report is never updated or deleted; reverting its batch hides it.
reports = sa.Table(
    "reports",
    metadata,
    sa.Column("report_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.batch_id"), nullable=False),
    sa.Column("crossing_id", sa.String(100), sa.ForeignKey("crossings.crossing_id"), nullable=False),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("claimant", sa.String(100), sa.ForeignKey("parties.party_id")),
    sa.Column("controller", sa.String(100), sa.ForeignKey("parties.party_id")),
    sa.Column("status", sa.String(16)),
    sa.Column("side", sa.String(3)),
    sa.Column("traffic", sa.String(8)),
    sa.Column("direction", sa.String(3)),
    sa.Column("source", sa.String(500), nullable=False),
    sa.Column("attribution", sa.String(500)),
    sa.Column("url", sa.String(2000)),
    sa.Column("confidence", sa.String(8), nullable=False),
    sa.Column("note", sa.Text),
    sa.Column("credibility", sa.Integer),
    sa.Column("origin", sa.String(500)),
    sa.Column("date_latest", sa.Date),
    sa.Index("ix_reports_crossing_date", "crossing_id", "date"),
)

#: Outlets, agencies and speakers, with the reliability they were first given. A source's
#: ``source_id`` is never reused for another; a later grade is a row of ``source_grades``.
sources = sa.Table(
    "sources",
    metadata,
    sa.Column("source_id", sa.String(100), primary_key=True),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("aliases", sa.Text),
    sa.Column("reliability", sa.String(1), nullable=False),
    sa.Column("party", sa.String(100), sa.ForeignKey("parties.party_id")),
    sa.Column("reason", sa.Text),
    sa.Column("note", sa.Text),
    sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.batch_id"), nullable=False),
)

#: Append-only: each change of a source's grade, with why; who and when are its batch's.
#: Reverting the batch brings the grade before it back.
source_grades = sa.Table(
    "source_grades",
    metadata,
    sa.Column("grade_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.batch_id"), nullable=False),
    sa.Column("source_id", sa.String(100), sa.ForeignKey("sources.source_id"), nullable=False),
    sa.Column("reliability", sa.String(1), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
)

#: Append-only like reports: a renewal, lapse or revocation is a new row; reverting its batch hides it.
#: ``crossings`` holds the ids it names, separated by "|", each checked against the crossings at upload.
authorisations = sa.Table(
    "authorisations",
    metadata,
    sa.Column("authorisation_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.batch_id"), nullable=False),
    sa.Column("issuer", sa.String(100), sa.ForeignKey("parties.party_id"), nullable=False),
    sa.Column("crossings", sa.Text, nullable=False),
    sa.Column("traffic", sa.String(8)),
    sa.Column("effect", sa.String(8), nullable=False),
    sa.Column("start_date", sa.Date, nullable=False),
    sa.Column("end_date", sa.Date),
    sa.Column("title", sa.String(300)),
    sa.Column("source", sa.String(500), nullable=False),
    sa.Column("attribution", sa.String(500)),
    sa.Column("url", sa.String(2000)),
    sa.Column("confidence", sa.String(8), nullable=False),
    sa.Column("note", sa.Text),
)

#: How each region reads: the slug crossings name in ``region``, its name and what it holds. A region
#: no record names reads as its slug does (:func:`geo.names.region_name`).
regions = sa.Table(
    "regions",
    metadata,
    sa.Column("region_id", sa.String(100), primary_key=True),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("note", sa.Text),
    sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.batch_id"), nullable=False),
)

#: The gazetteer's places (:data:`geo.model.PLACE_COLUMNS`): reference, not claims. A place whose id
#: is a crossing's is that crossing; any other is there to be found by name and added as one.
gazetteer = sa.Table(
    "gazetteer",
    metadata,
    sa.Column("place_id", sa.String(100), primary_key=True),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("aliases", sa.Text),
    sa.Column("country_a", sa.String(3), nullable=False),
    sa.Column("country_b", sa.String(3), nullable=False),
    sa.Column("lat", sa.Float, nullable=False),
    sa.Column("lon", sa.Float, nullable=False),
    sa.Column("located_by", sa.Text, nullable=False),
    sa.Column("source", sa.String(500), nullable=False),
    sa.Column("note", sa.Text),
    sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.batch_id"), nullable=False),
)

#: Named column mappings, so a foreign file of a known shape imports without remapping.
import_profiles = sa.Table(
    "import_profiles",
    metadata,
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("mapping", sa.Text, nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)


def _length(column: sa.Column[str]) -> int:
    return int(column.type.length)  # type: ignore[attr-defined]


#: Longest value each text column of the data tables holds.
MAX_LENGTHS: Final[dict[str, int]] = {
    column.name: _length(column)
    for table in (reports, crossings, parties, authorisations, sources, gazetteer, regions)
    for column in table.columns
    if getattr(column.type, "length", None)
}
#: Longest name of whoever writes a batch, of a saved column mapping and of a batch's file.
MAX_WHO_LENGTH: Final = _length(batches.c.created_by)
MAX_PROFILE_NAME_LENGTH: Final = _length(import_profiles.c.name)
MAX_FILE_NAME_LENGTH: Final = _length(batches.c.file_name)

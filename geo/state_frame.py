"""The state frame: the columns of a crossing's state on a day, whole and per side, and the frame
built from them, which the timeline and the atlas both return."""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd
from pandas.api.internals import create_dataframe_from_blocks

from geo.arrays import Column, object_block
from geo.model import TRAFFIC_KINDS
from geo.sides import SIDES

#: Beside a state that rests on a report dated as a range: the range's last day, while it is still ahead
#: (a column only when some report is dated so).
UNCERTAIN_UNTIL: Final = "date_uncertain_until"
#: Beside a state a report still under review decides (a column only when an editor reads pending reports).
PENDING_REVIEW: Final = "pending_review"

#: Columns of a state frame, one row per crossing.
STATE_COLUMNS: Final[tuple[str, ...]] = (
    "crossing_id",
    "controller",
    "controllers",
    "confirmed_controllers",
    "contested",
    "confirmed",
    "control_date",
    "status",
    "status_disputed",
    "status_date",
    "status_side",
    "last_report",
    "stale",
)
#: Each side's state as files carry it (the CLI's csv and json, the exports): flat columns per side.
SIDE_FIELDS: Final[tuple[str, ...]] = tuple(
    f"{side}_{field}"
    for side in SIDES
    for field in (
        "controllers",
        "presumed",
        "contested",
        "confirmed",
        "status",
        "status_disputed",
        "control_date",
        "status_date",
    )
)
#: The crossing's status for each kind of traffic, both ways (the most restrictive side's).
TRAFFIC_STATUS_COLUMNS: Final[tuple[str, ...]] = tuple(f"status_{kind}" for kind in TRAFFIC_KINDS)
#: Each side's own state, as columns ``a_<name>`` and ``b_<name>`` of a state frame.
SIDE_STATE_COLUMNS: Final[tuple[str, ...]] = (
    "controllers",
    "confirmed",
    "contested",
    "control_date",
    "status",
    "status_disputed",
    "status_date",
    "claimants",
    "presumed",
    "parts",
)


def state_frame(columns: dict[str, Column]) -> pd.DataFrame:
    """A state frame from its columns, in their order, built as three blocks: the flags, the floats,
    and everything else as objects.

    Object columns stay object, text and integers included: pandas would otherwise turn None into
    NaN, and reading a column of text (or the column labels) into its string type costs more than
    the rest of a lookup (a state of 5,000 crossings is asked for on every page run). The blocks are
    handed to pandas as they are, each with where its columns go, so nothing is copied or inferred.
    """
    names = list(columns)
    kinds: dict[str, list[int]] = {"object": [], "float": [], "bool": []}
    for position, values in enumerate(columns.values()):
        letter = values.dtype.kind if isinstance(values, np.ndarray) else "O"
        kinds["bool" if letter == "b" else "float" if letter == "f" else "object"].append(position)
    blocks: list[tuple[np.ndarray, np.ndarray]] = []
    for kind, positions in kinds.items():
        if not positions:
            continue
        chosen = [columns[names[p]] for p in positions]
        block = object_block(chosen) if kind == "object" else np.vstack([np.asarray(c) for c in chosen]).astype(kind)
        blocks.append((block, np.array(positions, dtype=np.intp)))
    rows = len(next(iter(columns.values()))) if columns else 0
    frame: pd.DataFrame = create_dataframe_from_blocks(blocks, pd.RangeIndex(rows), pd.Index(names, dtype=object))
    return frame

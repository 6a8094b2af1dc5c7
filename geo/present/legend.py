"""The legend every map draws: a row for each symbol in use on the map, and for no other (a split
symbol's halves count as drawn), with the permission badges shown. Read by the live map, the
standalone page and the static maps alike."""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from geo.model import STATUS_SEVERITY, UNKNOWN_COLOR
from geo.names import side_label
from geo.present.badges import BADGE_LABELS, PERMISSION_SECTION, shown_badges
from geo.present.labels import PENDING_MARK, UNCERTAIN_MARK
from geo.present.symbology import (
    BLANK,
    FALLBACK_COLOR,
    SPLIT_FIELDS,
    STATUS_LABELS,
    Half,
    Part,
    Symbol,
    drawn_parts,
    safe_color,
    strip_places,
)
from geo.sides import SIDES
from geo.state_frame import PENDING_REVIEW, UNCERTAIN_UNTIL

#: Above this many holders and contested pairs, the legend explains colour instead of listing each.
MAX_LEGEND_HOLDERS: Final = 12


def _shape_only(status: str = "open", *, dashed: bool = False, faded: bool = False) -> Symbol:
    return Symbol((BLANK,), status, dashed, faded)


#: Above this many countries on the left (or the right of one) of split symbols, the legend names them no more.
MAX_LEGEND_SIDE_LINES: Final = 3


def _split_example() -> Symbol:
    """The legend's split symbol: two blank halves of different shapes, as each side has its own."""
    return Symbol(
        (BLANK,), "open", False, False, halves=(Half((BLANK,), "open", False), Half((BLANK,), "sealed", False))
    )


def legend_entries(states: pd.DataFrame, names: dict[str, str], colors: dict[str, str]) -> list[dict[str, Any]]:
    """Legend rows for the symbols in use in ``states``, and no others: a split symbol's halves count as drawn."""
    entries: list[dict[str, Any]] = []

    def add(section: str, label: str, symbol: Symbol, parts: list[dict[str, str]] | None = None) -> None:
        entry: dict[str, Any] = {"section": section, "label": label, "symbol": symbol.as_json()}
        if parts:
            entry["parts"] = parts
        entries.append(entry)

    mask = _split_mask(states)
    split = _split_rows(states, mask)
    shown = _whole_parts(states, mask) + [part for state in split for part in drawn_parts(state)]
    held = sorted({c for p in shown for c in p.holders if len(p.holders) == 1})
    pairs = sorted({p.holders for p in shown if len(p.holders) > 1})
    if len(held) + len(pairs) > MAX_LEGEND_HOLDERS:
        # A legend longer than the map explains nothing: say how colour works, hover tells who.
        sample = tuple(safe_color(colors.get(p)) for p in held[:2]) or (FALLBACK_COLOR,)
        add(
            "Held by",
            f"Fill: the holder's colour ({len(held)} parties; hover a crossing)",
            Symbol(sample[:1], "open", False, False),
        )
        if pairs:
            add("Held by", f"Split fill: contested ({len(pairs)} pairs)", Symbol(sample, "open", False, False))
    else:
        for party in held:
            add("Held by", names.get(party, party), Symbol((safe_color(colors.get(party)),), "open", False, False))
        for pair in pairs:
            label = "Contested: " + " / ".join(names.get(p, p) for p in pair)
            fills = tuple(safe_color(colors.get(p)) for p in pair)
            strips = [
                {"color": fill, "text": f"{place}: {names.get(p, p)}"}
                for place, fill, p in zip(strip_places(len(pair)), fills, pair, strict=True)
            ]
            add("Held by", label, Symbol(fills, "open", False, False), strips)
    if any(not p.holders for p in shown):
        add("Held by", "Controller unknown", Symbol((UNKNOWN_COLOR,), "open", False, False))
    for status in sorted({p.status for p in shown}, key=lambda s: -STATUS_SEVERITY[s]):
        add("Status", STATUS_LABELS[status], _shape_only(status))
    if any(p.unconfirmed for p in shown):
        add("Claims", "Unconfirmed (dashed): only the holder says so", _shape_only(dashed=True))
    if any(p.presumed for p in shown):
        add(
            "Claims",
            "Presumed (dashed half): its own state",
            _shape_only(dashed=True),
        )
    if states["stale"].any():
        add("Claims", "Stale (faded): no recent report", _shape_only(faded=True))
    if UNCERTAIN_UNTIL in states.columns and states[UNCERTAIN_UNTIL].notna().any():
        add("Claims", f"Name{UNCERTAIN_MARK}: rests on a date known only as a range", _shape_only())
    if PENDING_REVIEW in states.columns and states[PENDING_REVIEW].astype(bool).any():
        add("Claims", f"Name{PENDING_MARK}: rests on a report not yet verified", _shape_only())
    if split:
        sides = _side_pairs(split)
        label = "Two halves: each side apart" + ("" if sides else ", the left half the first country's side")
        add("Sides", label, _split_example(), sides)
    for badge in shown_badges(states):
        # Drawn alone and larger than on a symbol, so the legend shows the glyph the map's badge is.
        entries.append({"section": PERMISSION_SECTION, "label": BADGE_LABELS[badge], "symbol": None, "badge": badge})
    return entries


#: What the legend reads of a split row: the fields :func:`drawn_parts` reads, and the sides' countries.
_SPLIT_ROW_FIELDS: Final = (
    "controllers",
    "confirmed",
    "status",
    "country_a",
    "country_b",
    *(f"{side}_{field}" for side in SIDES for field in ("controllers", "confirmed", "presumed", "status")),
)


def _split_mask(states: pd.DataFrame) -> npt.NDArray[np.bool_]:
    """Which rows of ``states`` are drawn in two halves (:func:`is_split`), found by columns, not row by row."""
    if not set(states.columns) >= SPLIT_FIELDS or states.empty:
        return np.zeros(len(states), dtype=bool)
    confirmed_apart = states["a_confirmed"].astype(bool).to_numpy() != states["b_confirmed"].astype(bool).to_numpy()
    named_apart = [
        len(x) > 0 and len(y) > 0 and (apart or tuple(x) != tuple(y))
        for x, y, apart in zip(
            states["a_controllers"].tolist(), states["b_controllers"].tolist(), confirmed_apart.tolist(), strict=True
        )
    ]
    # As text, as :func:`is_split` compares them (a missing status is "nan" on both sides).
    status_apart = [
        str(a) != str(b) for a, b in zip(states["a_status"].tolist(), states["b_status"].tolist(), strict=True)
    ]
    apart: npt.NDArray[np.bool_] = np.asarray(status_apart, dtype=bool) | np.asarray(named_apart, dtype=bool)
    return apart


def _split_rows(states: pd.DataFrame, mask: npt.NDArray[np.bool_]) -> list[dict[str, Any]]:
    """The rows of ``states`` under ``mask`` as dicts of the fields a split row is read by."""
    fields = [f for f in _SPLIT_ROW_FIELDS if f in states.columns]
    chosen = states.loc[mask, fields]
    return [
        dict(zip(fields, values, strict=True)) for values in zip(*(chosen[f].tolist() for f in fields), strict=True)
    ]


def _whole_parts(states: pd.DataFrame, mask: npt.NDArray[np.bool_]) -> list[Part]:
    """One part per distinct whole symbol among the rows of ``states`` not under ``mask``."""
    kinds = {
        (tuple(holders), str(status), bool(confirmed))
        for holders, status, confirmed, split in zip(
            states["controllers"].tolist(),
            states["status"].tolist(),
            states["confirmed"].tolist(),
            mask.tolist(),
            strict=True,
        )
        if not split
    }
    return [Part(h, status, unconfirmed=len(h) == 1 and not confirmed) for h, status, confirmed in sorted(kinds)]


def _side_pairs(split: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Which side each half is, one line per country on the left, when the split symbols have few of them.

    >>> _side_pairs([{"country_a": "AFG", "country_b": "PAK"}, {"country_a": "AFG", "country_b": "TJK"}])
    [{'text': 'left: Afghan side, right: Pakistani or Tajik side'}]
    """
    pairs = {(str(s.get("country_a") or ""), str(s.get("country_b") or "")) for s in split}
    if not all(a and b for a, b in pairs):
        return []
    lefts = sorted({a for a, _ in pairs}, key=side_label)
    if len(lefts) > MAX_LEGEND_SIDE_LINES:
        return []
    lines = []
    for left in lefts:
        rights = sorted({side_label(b).removesuffix(" side") for a, b in pairs if a == left})
        if len(rights) > MAX_LEGEND_SIDE_LINES:
            # A list longer than the line says less than the rule does.
            lines.append({"text": f"left: {side_label(left)}, right: the other country's side"})
            continue
        listed = rights[0] if len(rights) == 1 else ", ".join(rights[:-1]) + " or " + rights[-1]
        lines.append({"text": f"left: {side_label(left)}, right: {listed} side"})
    return lines

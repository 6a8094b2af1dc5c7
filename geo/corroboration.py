"""Who vouches for each holder of a crossing, in words: "Taliban: claimed by the Taliban, confirmed by
Pakistan", and a party as running text names it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from geo.describe import side_states
from geo.names import listed, side_name

#: Party kinds written with "the" in running text ("claimed by the Taliban").
_KINDS_WITH_ARTICLE: Final = frozenset({"armed-group"})
#: Who an empty claimant is: a report from no party.
INDEPENDENT: Final = "an independent observer"


def party_mention(party_id: str, names: Mapping[str, str], kinds: Mapping[str, str] | None = None) -> str:
    """A party as running text names it: "the Taliban", "the Afghan government", "Pakistan".

    "The" goes before an armed group and before a name with a common noun in it (a
    lowercase word: "Afghan government", "Myanmar military"); a state's proper name
    stands alone. Without ``kinds`` only the second rule applies.

    >>> party_mention("taliban", {"taliban": "Taliban"}, {"taliban": "armed-group"})
    'the Taliban'
    """
    name = names.get(party_id, party_id)
    words = name.split()
    if words and words[0].casefold() == "the":
        return name
    common_noun = any(w[0].isalpha() and w[0].islower() for w in words[1:])
    armed = (kinds or {}).get(party_id) in _KINDS_WITH_ARTICLE
    return f"the {name}" if common_noun or armed else name


def holder_corroboration(
    holder: str,
    claimants: Sequence[str],
    names: Mapping[str, str],
    kinds: Mapping[str, str] | None = None,
    where: str = "",
) -> str:
    """Who names ``holder`` as holding a crossing: its own claim, and who vouches for it.

    ``claimants`` are the parties whose reports on the deciding day name ``holder``
    (``""`` for an independent observer).

    >>> names = {"taliban": "Taliban", "pakistan": "Pakistan", "afghan-government": "Afghan government"}
    >>> holder_corroboration("taliban", ["pakistan", "taliban"], names, {"taliban": "armed-group"})
    'Taliban: claimed by the Taliban, confirmed by Pakistan'
    >>> holder_corroboration("afghan-government", ["afghan-government"], names)
    'Afghan government: claimed by the Afghan government only'
    """
    own = holder in claimants
    others = sorted({c for c in claimants if c and c != holder}, key=lambda c: names.get(c, c).casefold())
    vouchers = [party_mention(c, names, kinds) for c in others] + ([INDEPENDENT] if "" in claimants else [])
    parts = [f"claimed by {party_mention(holder, names, kinds)}" + ("" if vouchers else " only")] if own else []
    if vouchers:
        parts.append(f"confirmed by {listed(vouchers)}")
    place = f" on {side_name(where)}" if where else ""
    return f"{names.get(holder, holder)}{place}: {', '.join(parts) or 'named by no report'}"


def corroboration_parts(
    state: Mapping[str, Any], names: Mapping[str, str], kinds: Mapping[str, str] | None = None
) -> list[str]:
    """:func:`holder_corroboration` for each holder of ``state`` (a row of a state frame), the ones
    someone else vouches for first; none when no holder is named. When the sides' holders differ,
    each side's holders in turn, each said with its side ("Pakistan on the Pakistani side: ...")."""
    sides = side_states(state)
    if sides is not None:
        return [part for country, side in sides for part in _corroborations(side, names, kinds, country)]
    return _corroborations(state, names, kinds, "")


def _corroborations(
    state: Mapping[str, Any], names: Mapping[str, str], kinds: Mapping[str, str] | None, where: str
) -> list[str]:
    controllers = list(state["controllers"])
    claimants = list(state.get("claimants") or [()] * len(controllers))
    pairs = sorted(
        zip(controllers, claimants, strict=True),
        key=lambda pair: (not any(c != pair[0] for c in pair[1]), names.get(pair[0], pair[0]).casefold()),
    )
    return [holder_corroboration(holder, list(backers), names, kinds, where) for holder, backers in pairs]


def corroboration_text(
    state: Mapping[str, Any], names: Mapping[str, str], kinds: Mapping[str, str] | None = None
) -> str:
    """Per named holder, who claims it and who vouches for it, in one line ("" when no holder is named).

    >>> corroboration_text({"controllers": ("afghan-government", "taliban"),
    ...                     "claimants": (("afghan-government",), ("pakistan", "taliban"))},
    ...                    {"taliban": "Taliban", "pakistan": "Pakistan", "afghan-government": "Afghan government"},
    ...                    {"taliban": "armed-group"})
    'Taliban: claimed by the Taliban, confirmed by Pakistan; Afghan government: claimed by the Afghan government only'
    """
    return "; ".join(corroboration_parts(state, names, kinds))

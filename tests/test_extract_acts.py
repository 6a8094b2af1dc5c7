"""What a sentence claims, read from its verbs: a table of how wire copy words control and status."""

from __future__ import annotations

import pytest

from geo.extract.acts import read_acts

CASES = [
    (
        "a capture is control taken",
        "The Taliban said they had captured the crossing.",
        [("control", None, "taken", "captured")],
    ),
    (
        "taking control is control taken",
        "Insurgents had taken control of the crossing.",
        [("control", None, "taken", "taken control")],
    ),
    (
        "falling to someone is control taken",
        "The town fell to the rebels on Monday.",
        [("control", None, "taken", "fell to")],
    ),
    (
        "a retaking is control taken",
        "Government troops retook the border post.",
        [("control", None, "taken", "retook")],
    ),
    (
        "repelling an attack is control kept",
        "Forces have repelled the attack.",
        [("control", None, "kept", "repelled")],
    ),
    (
        "remaining in control is control kept",
        "The army remains in control of the gate.",
        [("control", None, "kept", "remains in control")],
    ),
    ("border control is no claim", "Travellers queued at border control.", []),
    (
        "being under their control is control taken, the speaker's",
        "The insurgents claim it is now under their control.",
        [("control", None, "taken", "is now under their control")],
    ),
    (
        "taking a post is control taken",
        "Officials confirmed the Taliban had taken the post.",
        [("control", None, "taken", "taken")],
    ),
    (
        "liberating and reclaiming are control taken",
        "Troops liberated the crossing; guards reclaimed the checkpoint.",
        [("control", None, "taken", "liberated"), ("control", None, "taken", "reclaimed")],
    ),
    (
        "a checkpoint that stopped working is sealed",
        "The border checkpoint stopped working.",
        [("status", "sealed", "", "stopped working")],
    ),
    (
        "a closing told in the present is a closure",
        "They close the Rafah crossing until further notice.",
        [("status", "sealed", "", "close")],
    ),
    ("close to is near, no closure", "Shelling landed close to the crossing.", []),
    (
        "letting traffic through is an opening",
        "Egypt allowed 20 aid trucks through the crossing.",
        [("status", "open", "", "allowed")],
    ),
    ("people allowed to enter claim nothing of the crossing", "Stranded people were allowed to enter.", []),
    ("occupying is control taken", "Troops occupied the town.", [("control", None, "taken", "occupied")]),
    (
        "taking command is control taken",
        "Fighters had taken command of the crossing.",
        [("control", None, "taken", "taken command")],
    ),
    (
        "operated by someone is their control",
        "The crossing, operated by the Lebanese government, was hit.",
        [("control", None, "taken", "operated by")],
    ),
    ("opening fire opens nothing", "Soldiers opened fire near the crossing.", []),
    ("taking over is control taken", "The Taliban took over the crossing.", [("control", None, "taken", "took over")]),
    ("shuttering is a closure", "Pakistan shuttered the crossing.", [("status", "sealed", "", "shuttered")]),
    (
        "the closure a reopening ends is no claim of its own",
        "Libya reopened the crossing after a three-month closure.",
        [("status", "open", "", "reopened")],
    ),
    (
        "a word that describes is no act",
        "The terminal remains open for trade despite the limited capacity of a restricted area.",
        [("status", "open", "", "open")],
    ),
    (
        "a kind of control named before the word is control taken",
        "The army said it had taken operational control of the crossing.",
        [("control", None, "taken", "taken operational control")],
    ),
    (
        "coming under a party's control is control taken",
        "The gate came under Taliban control.",
        [("control", None, "taken", "came under Taliban control")],
    ),
    (
        "a reopening written with a hyphen is an opening",
        "The crossing was re-opened.",
        [("status", "open", "", "re-opened")],
    ),
    ("a reopening promised is no claim", "The crossing will reopen once calm returns.", []),
    ("a reopening expected is no claim", "The border is expected to reopen next week.", []),
    ("a closing that had to be is a closure", "They had to shut the border.", [("status", "sealed", "", "shut")]),
    # A status denied is the speaker's counter-claim: not reopened is still closed, never closed is open.
    (
        "a reopening denied says it is still closed",
        "The Libyan side has not reopened since.",
        [("status", "sealed", "", "reopened")],
    ),
    ("a closure denied says it is open", "Rwanda has never closed the border.", [("status", "open", "", "closed")]),
    ("a closure that will not come is no claim", "The border will not close.", []),
    ("no closure is no claim", "There was no closure of the gate.", []),
    ("an opening argued about is no claim", "Officials protested against the opening.", []),
    ("an opening awaited is no claim", "The reopening of the crossing was postponed.", []),
    ("sealed is sealed", "The crossing has been completely sealed.", [("status", "sealed", "", "completely sealed")]),
    ("a closure is sealed", "Officials ordered the closure of the gate.", [("status", "sealed", "", "closure")]),
    ("suspended traffic is sealed", "Trade was suspended at Torkham.", [("status", "sealed", "", "suspended")]),
    ("a reopening is open", "Egypt reopened the Rafah crossing.", [("status", "open", "", "reopened")]),
    (
        "a partial reopening is restricted",
        "The gate was partially reopened for pedestrians.",
        [("status", "restricted", "", "partially reopened")],
    ),
    (
        "open only for a few is restricted",
        "The crossing remains open only for returnees.",
        [("status", "restricted", "", "open only")],
    ),
    (
        "open for urgent cases is restricted",
        "The gate reopened for urgent medical cases.",
        [("status", "restricted", "", "reopened for urgent")],
    ),
    (
        "two acts in order",
        "After it was seized, the border was closed.",
        [("control", None, "taken", "seized"), ("status", "sealed", "", "closed")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_sentence_s_verbs_read_as_control_or_status(
    text: str, expected: list[tuple[str, str | None, str, str]]
) -> None:
    reading = read_acts(text)
    assert [(a.kind, a.status, a.hold, text[a.start : a.end]) for a in reading.acts] == expected


TRAFFIC = [
    ("no traffic named speaks for all", "The crossing was sealed.", ()),
    ("pedestrians are people", "It reopened for pedestrians only.", ("people",)),
    ("trucks are goods", "Trucks were turned back.", ("goods",)),
    ("a convoy is aid", "An aid convoy crossed.", ("aid",)),
    ("people but not goods names both", "Open to travellers but not to cargo.", ("people", "goods")),
    ("humanitarian cases are people", "It opened for humanitarian cases only.", ("people",)),
    ("evacuees are people", "Evacuees crossed on foot.", ("people",)),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in TRAFFIC], ids=[c[0] for c in TRAFFIC])
def test_a_sentence_names_the_traffic_it_speaks_for(text: str, expected: tuple[str, ...]) -> None:
    assert read_acts(text).traffic == expected


@pytest.mark.parametrize(
    ("text", "hedged", "denied"),
    [
        ("The claim could not be independently verified.", True, False),
        ("The report has not been confirmed.", True, False),
        ("The crossing was reportedly shut.", True, False),
        ("Kabul dismissed the claim as propaganda.", False, True),
        ("The ministry denied that the town had fallen.", False, True),
        ("A security source confirmed the capture.", False, False),
    ],
)
def test_a_sentence_that_hedges_or_denies_says_so(text: str, hedged: bool, denied: bool) -> None:
    reading = read_acts(text)
    assert (reading.hedged, reading.denied) == (hedged, denied)

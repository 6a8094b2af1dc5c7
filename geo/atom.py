"""Atom feeds (RFC 4287): the changes of crossings and the alerts, one entry each, newest first, with
their sources and a link to the map at their date.

Built with an XML writer, never by pasting text, so a name or a source holding ``<``, ``&`` or a
quotation mark is text in the feed, not markup. Characters XML 1.0 cannot carry at all are left out.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from geo.alerts import Alert

ATOM: Final = "http://www.w3.org/2005/Atom"
XHTML: Final = "http://www.w3.org/1999/xhtml"
#: The media type of an Atom feed.
ATOM_MEDIA_TYPE: Final = "application/atom+xml"
#: What XML 1.0 cannot hold, even escaped: most C0 controls, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: The map at a change: its day, its crossing and its region -> an absolute link.
Permalink = Callable[[date, str, str | None], str]


@dataclass(frozen=True)
class Entry:
    """One entry of a feed: ``key`` names what it is about, the same whichever server serves it."""

    key: str
    title: str
    day: date
    link: str
    paragraphs: tuple[str, ...]
    sources: tuple[Mapping[str, Any], ...] = ()
    categories: tuple[tuple[str, str], ...] = field(default=())  # (term, label)


def xml_text(value: object) -> str:
    """``value`` as text an XML document can hold."""
    return _NOT_XML.sub("", "" if value is None else str(value))


def _child(parent: ET.Element, tag: str, text: object = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attributes.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _moment(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _urn(key: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, key))


def source_line(source: Mapping[str, Any]) -> str:
    """A deciding source (:data:`geo.change_records.SOURCE_FIELDS`) in one line."""
    said = source["title"] or source["attribution"]
    who = f"{source['source']}: {said}" if said else str(source["source"])
    return f"{who} ({source['kind']} {source['id']}, {source['date']})"


def _entry(feed: ET.Element, item: Entry) -> None:
    entry = _child(feed, "entry")
    _child(entry, "id", _urn(item.key))
    _child(entry, "title", item.title[:1].upper() + item.title[1:], type="text")
    _child(entry, "updated", _moment(item.day))
    _child(entry, "link", rel="alternate", type="text/html", href=item.link)
    for source in item.sources:
        if source["url"]:
            _child(entry, "link", rel="related", href=str(source["url"]), title=source_line(source))
    for term, label in item.categories:
        if term:
            _child(entry, "category", term=term, label=label)
    content = _child(entry, "content", type="xhtml")
    # Each namespace declared where it begins, so every element keeps its plain name.
    body = _child(content, "div", xmlns=XHTML)
    for paragraph in item.paragraphs:
        _child(body, "p", paragraph)
    if item.sources:
        _child(body, "p", "Deciding sources:")
        listed = _child(body, "ul")
        for source in item.sources:
            line = _child(listed, "li", source_line(source) + (" " if source["url"] else ""))
            if source["url"]:
                _child(line, "a", source["url"], href=str(source["url"]))


def atom_feed(
    entries: Sequence[Entry], *, title: str, self_url: str, map_url: str, next_url: str | None, last_day: date
) -> bytes:
    """The feed of ``entries`` (newest first).

    ``self_url`` is the feed's own address (its id follows from it, so each filter is a feed of its
    own), ``next_url`` the next page's (RFC 5005), ``last_day`` the data's latest day: the feed's
    updated time when no entry is listed.
    """
    feed = ET.Element("feed", xmlns=ATOM)
    _child(feed, "id", _urn(self_url))
    _child(feed, "title", title, type="text")
    _child(feed, "updated", _moment(max((e.day for e in entries), default=last_day)))
    author = _child(feed, "author")
    _child(author, "name", "Borderwatch")
    _child(feed, "link", rel="self", type=ATOM_MEDIA_TYPE, href=self_url)
    _child(feed, "link", rel="alternate", type="text/html", href=map_url)
    if next_url is not None:
        _child(feed, "link", rel="next", type=ATOM_MEDIA_TYPE, href=next_url)
    _child(feed, "generator", "Borderwatch")
    for entry in entries:
        _entry(feed, entry)
    written: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return written


def change_entry(change: Mapping[str, Any], permalink: Permalink) -> Entry:
    """A change (:func:`geo.change_records.change_record`) as an entry, linked to the map at its date."""
    day = date.fromisoformat(str(change["date"]))
    no_source = "No single source decides it: the state follows from earlier records."
    return Entry(
        key=f"borderwatch:change:{change['crossing_id']}:{change['date']}",
        title=str(change["sentence"]),
        day=day,
        link=permalink(day, str(change["crossing_id"]), change["region"]),
        paragraphs=(f"Before: {change['before']}. After: {change['after']}.",)
        + (() if change["sources"] else (no_source,)),
        sources=tuple(change["sources"]),
        categories=((str(change["region"] or ""), "region"), (str(change["status_after"]), "status")),
    )


def alert_entry(alert: Alert, permalink: Permalink) -> Entry:
    """A standing alert (:func:`geo.alerts.standing_alerts`) as an entry, linked to the map at its day."""
    return Entry(
        key=alert.key,
        title=alert.text,
        day=alert.day,
        link=permalink(alert.day, alert.crossing_id, alert.region or None),
        paragraphs=(f"{alert.kind.capitalize()} as of {alert.day.isoformat()}.",),
        categories=((alert.kind, "alert"), (alert.region, "region")),
    )


def changes_feed(
    changes: Sequence[Mapping[str, Any]],
    *,
    title: str,
    self_url: str,
    map_url: str,
    next_url: str | None,
    last_day: date,
    permalink: Permalink,
) -> bytes:
    """The feed of ``changes`` (records of :func:`geo.change_records.change_record`, newest first)."""
    entries = [change_entry(change, permalink) for change in changes]
    return atom_feed(entries, title=title, self_url=self_url, map_url=map_url, next_url=next_url, last_day=last_day)

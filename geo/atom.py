"""The changes of crossings as an Atom feed (RFC 4287): one entry per change, newest first, with the
sources that decide it and a link to the map at that date.

Built with an XML writer, never by pasting text, so a name or a source holding ``<``, ``&`` or a
quotation mark is text in the feed, not markup. Characters XML 1.0 cannot carry at all are left out.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, Final

ATOM: Final = "http://www.w3.org/2005/Atom"
XHTML: Final = "http://www.w3.org/1999/xhtml"
#: The media type of an Atom feed.
ATOM_MEDIA_TYPE: Final = "application/atom+xml"
#: What XML 1.0 cannot hold, even escaped: most C0 controls, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: The map at a change: its day, its crossing and its region -> an absolute link.
Permalink = Callable[[date, str, str | None], str]


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


def change_id(change: Mapping[str, Any]) -> str:
    """A change's Atom id: the same for one crossing's change on one day, whatever serves it."""
    return "urn:uuid:" + str(
        uuid.uuid5(uuid.NAMESPACE_URL, f"borderwatch:change:{change['crossing_id']}:{change['date']}")
    )


def _source_line(source: Mapping[str, Any]) -> str:
    said = source["title"] or source["attribution"]
    who = f"{source['source']}: {said}" if said else str(source["source"])
    return f"{who} ({source['kind']} {source['id']}, {source['date']})"


def _entry(feed: ET.Element, change: Mapping[str, Any], permalink: Permalink) -> None:
    day = date.fromisoformat(str(change["date"]))
    entry = _child(feed, "entry")
    _child(entry, "id", change_id(change))
    _child(entry, "title", str(change["sentence"])[:1].upper() + str(change["sentence"])[1:], type="text")
    _child(entry, "updated", _moment(day))
    _child(
        entry,
        "link",
        rel="alternate",
        type="text/html",
        href=permalink(day, str(change["crossing_id"]), change["region"]),
    )
    for source in change["sources"]:
        if source["url"]:
            _child(entry, "link", rel="related", href=str(source["url"]), title=_source_line(source))
    if change["region"]:
        _child(entry, "category", term=str(change["region"]), label="region")
    _child(entry, "category", term=str(change["status_after"]), label="status")
    content = _child(entry, "content", type="xhtml")
    body = _child(content, "div", xmlns=XHTML)
    _child(body, "p", f"Before: {change['before']}. After: {change['after']}.")
    if change["sources"]:
        _child(body, "p", "Deciding sources:")
        listed = _child(body, "ul")
        for source in change["sources"]:
            item = _child(listed, "li", _source_line(source) + (" " if source["url"] else ""))
            if source["url"]:
                _child(item, "a", source["url"], href=str(source["url"]))
    else:
        _child(body, "p", "No single source decides it: the state follows from earlier records.")


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
    """The feed of ``changes`` (records of :func:`geo.change_records.change_record`, newest first).

    ``self_url`` is the feed's own address (its id follows from it, so each filter is a feed of its
    own), ``next_url`` the next page's (RFC 5005), ``last_day`` the data's latest day: the feed's
    updated time when no change is listed.
    """
    # Each namespace declared where it begins, so every element keeps its plain name.
    feed = ET.Element("feed", xmlns=ATOM)
    _child(feed, "id", "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, self_url)))
    _child(feed, "title", title, type="text")
    newest = date.fromisoformat(str(changes[0]["date"])) if changes else last_day
    _child(feed, "updated", _moment(newest))
    author = _child(feed, "author")
    _child(author, "name", "Borderwatch")
    _child(feed, "link", rel="self", type=ATOM_MEDIA_TYPE, href=self_url)
    _child(feed, "link", rel="alternate", type="text/html", href=map_url)
    if next_url is not None:
        _child(feed, "link", rel="next", type=ATOM_MEDIA_TYPE, href=next_url)
    _child(feed, "generator", "Borderwatch")
    for change in changes:
        _entry(feed, change, permalink)
    written: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return written

"""Showing the state: one symbology for the live map, the static map, the standalone file
and the presentation frame, with their labels, extent, text and fonts."""

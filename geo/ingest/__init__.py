"""Getting records in: decode a file, map its columns, check every cell and row, preview, commit.

Every write path (an upload, the seed dataset, synthetic benchmark data) goes through these
modules, so a rule about what a record may hold lives in one place.
"""

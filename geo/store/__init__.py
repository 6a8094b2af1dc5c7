"""Persistence: the database engine, its migrations, the batch ledger and the reads that respect it.

The store only stores. It knows the schema and the batch rules (a reverted batch's rows are
hidden, never deleted), and nothing about CSV files, column mappings or previews: those are
:mod:`geo.ingest`'s, which hands the store frames of database values.
"""

"""Borderwatch core library: who controls each border crossing, and is it open, as of a date.

Nothing here imports Streamlit; the dashboard and the CLI are thin views over it.
"""

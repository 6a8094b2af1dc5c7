"""Reading a pasted news report into draft claims, offline and by rule.

The reader works in steps, each a module: the report cut into sentences with their exact places in
the text (:mod:`geo.extract.sentences`), then the days a sentence names, resolved against the day the
report was published (:mod:`geo.extract.when`). Every span it hands on is a pair of character offsets
into the text as pasted, so a quote is always verbatim and can be highlighted where it stands.
"""

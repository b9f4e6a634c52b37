"""Facts about each provider's API, transcribed by hand from its public documentation.

They are the independent check on the hand-written specs: tests compare the specs with these,
never the other way round.
"""

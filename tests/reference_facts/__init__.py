"""Facts from each provider's own software: the second, independent check on the specs.

`tests/seed_facts/` holds what the providers' documents say; this package holds what their
software does: Palantir's `foundry_sdk` models and Alibaba's Tea models read programmatically,
the Data Platform server's source transcribed by hand (file and line given for each fact),
and, for NSML, which the documentation alone describes, the places where the spec is more
precise than the documentation. Every difference between a spec and its reference is listed
with the reason it is allowed; any other difference fails `tests/test_reference_facts.py`.
"""

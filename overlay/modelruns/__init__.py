"""modelruns: typed SDKs, stub servers and conformance checks for four model-run APIs."""

__all__: list[str] = []

"""One metric view across providers: every value a run logged, as `Metric`s.

- Foundry: a run's experiment is named by its model output (`resolvedOutputs.<alias>`:
  `modelRid`, `experimentRid`); the experiment lists its series, and each series is read as
  JSON, page by page (by offset). Timestamps are epoch milliseconds (the API's `EpochMillis`):
  they become timezone-aware UTC datetimes.
- PAI: `ListRunMetrics` needs a key, so the run's keys are read first (`GetRun` with
  `Verbose`: the latest value of each metric), then each key's values in step order. The API
  documents no unit for `Timestamp`: the integer is kept as sent.

`iter_metrics` walks a sync client, `aiter_metrics` an async one (twins: the same requests in
the same order, one blocking and one awaiting).
"""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator, Iterator
from typing import Any

import attrs

from foundry_models_client.models import DoubleSeriesValueV1, ModelStudioRun
from modelruns._facades import foundry as _foundry
from modelruns._facades import pai as _pai
from modelruns._specs import Provider
from pai_aiworkspace_client.models import Run as PaiRun
from pai_aiworkspace_client.models import RunMetric

__all__ = ["Metric", "aiter_metrics", "iter_metrics"]

# The largest page a Foundry series answers (its spec's pageSize maximum).
_SERIES_PAGE = 1000


@attrs.frozen(slots=True)
class Metric:
    """One logged value of one metric of one run, in the same shape for every provider.

    `timestamp` is as the provider defines it: an aware UTC `datetime` for Foundry (epoch
    milliseconds on the wire), the raw integer for PAI (whose API documents no unit), `None`
    when the value carries none. `raw` is the generated model the value came from; it takes
    no part in equality and is left out of the repr.
    """

    provider: Provider
    run_id: str
    key: str
    step: int | None
    value: float
    timestamp: datetime.datetime | int | None
    raw: Any = attrs.field(default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (without `raw`; a datetime in ISO 8601)."""
        stamp = self.timestamp
        return {
            "provider": self.provider,
            "run_id": self.run_id,
            "key": self.key,
            "step": self.step,
            "value": self.value,
            "timestamp": stamp.isoformat() if isinstance(stamp, datetime.datetime) else stamp,
        }


def _set(value: Any) -> Any:
    """``value``, or ``None`` when it is a generated model's unset sentinel."""
    return value if isinstance(value, int | float | str) else None


# --- Foundry --------------------------------------------------------------------------------


def _raw(run: Any) -> Any:
    """The generated model behind a `Run` (its ``raw``), or ``run`` itself."""
    return getattr(run, "raw", None) or run


def _foundry_run(run: Any) -> ModelStudioRun:
    model = _raw(run)
    if not isinstance(model, ModelStudioRun):
        raise TypeError(
            "a Foundry run's metrics are found through its model output: pass the Run or the "
            f"ModelStudioRun that names it (resolvedOutputs), not {type(run).__name__}"
        )
    return model


def _experiments(run: ModelStudioRun) -> list[tuple[str, str]]:
    """(model RID, experiment RID) of each output of the run that has an experiment."""
    found = []
    for output in run.resolved_outputs.additional_properties.values():
        experiment = _set(getattr(output, "experiment_rid", None))
        if experiment is not None:
            found.append((str(output.model_rid), str(experiment)))
    return found


def _foundry_metric(run_id: str, key: str, value: DoubleSeriesValueV1) -> Metric:
    stamp = datetime.datetime.fromtimestamp(value.timestamp / 1000, tz=datetime.UTC)
    return Metric("foundry", run_id, key, value.step, value.value, stamp, value)


def _foundry_series(client: Any, model: str, experiment: str, key: str) -> Any:
    return client.get_experiment_series_json(model, experiment, key, page_size=_SERIES_PAGE)


def _iter_foundry(client: _foundry.ClientMethods, model_run: ModelStudioRun) -> Iterator[Metric]:
    for model, experiment in _experiments(model_run):
        for series in client.get_experiment(model, experiment).series:
            for value in _foundry_series(client, model, experiment, series.name):
                yield _foundry_metric(model_run.run_id, series.name, value)


# Twin of _iter_foundry (async I/O): the same requests, awaited.
async def _aiter_foundry(
    client: _foundry.AsyncClientMethods, model_run: ModelStudioRun
) -> AsyncIterator[Metric]:
    for model, experiment in _experiments(model_run):
        for series in (await client.get_experiment(model, experiment)).series:
            async for value in _foundry_series(client, model, experiment, series.name):
                yield _foundry_metric(model_run.run_id, series.name, value)


# --- PAI ------------------------------------------------------------------------------------


def _pai_run_id(run: Any) -> str:
    model = _raw(run)
    if isinstance(model, PaiRun):
        return str(model.run_id)
    if isinstance(run, str) and run:
        return run
    raise TypeError(f"a PAI run is a Run, a generated Run or its RunId, not {type(run).__name__}")


def _pai_keys(run: PaiRun) -> list[str]:
    """The run's metric keys, once each, in the order GetRun lists them."""
    metrics = run.metrics if isinstance(run.metrics, list) else []
    return list(dict.fromkeys(str(m.key) for m in metrics if _set(m.key) is not None))


def _pai_metric(run_id: str, key: str, metric: RunMetric) -> Metric:
    step = _set(metric.step)
    return Metric("pai", run_id, key, step, float(metric.value), _set(metric.timestamp), metric)


def _iter_pai(client: _pai.ClientMethods, run_id: str) -> Iterator[Metric]:
    for key in _pai_keys(client.get_run(run_id, verbose=True)):
        for metric in client.list_run_metrics(run_id, key=key):
            yield _pai_metric(run_id, key, metric)


# Twin of _iter_pai (async I/O): the same requests, awaited.
async def _aiter_pai(client: _pai.AsyncClientMethods, run_id: str) -> AsyncIterator[Metric]:
    for key in _pai_keys(await client.get_run(run_id, verbose=True)):
        async for metric in client.list_run_metrics(run_id, key=key):
            yield _pai_metric(run_id, key, metric)


def _unsupported(client: Any) -> TypeError:
    return TypeError(
        "metrics are read from a foundry or pai client (the providers whose APIs log them), "
        f"not {type(client).__module__}.{type(client).__name__}"
    )


def iter_metrics(client: Any, run: Any) -> Iterator[Metric]:
    """Every value every metric of ``run`` logged, metric after metric, each in step order.

    ``client`` is a `modelruns.foundry.Client` or `modelruns.pai.Client`; ``run`` a `Run` or
    the provider's generated run model (a PAI run also by its id). Lazy: each request is sent
    when the walk reaches it; API errors are the client's.
    """
    # The run is checked here, before any request: a wrong one fails at the call.
    if isinstance(client, _foundry.ClientMethods):
        return _iter_foundry(client, _foundry_run(run))
    if isinstance(client, _pai.ClientMethods):
        return _iter_pai(client, _pai_run_id(run))
    raise _unsupported(client)


def aiter_metrics(client: Any, run: Any) -> AsyncIterator[Metric]:
    """`iter_metrics` for a `foundry.AsyncClient` or `pai.AsyncClient` (``async for``)."""
    if isinstance(client, _foundry.AsyncClientMethods):
        return _aiter_foundry(client, _foundry_run(run))
    if isinstance(client, _pai.AsyncClientMethods):
        return _aiter_pai(client, _pai_run_id(run))
    raise _unsupported(client)

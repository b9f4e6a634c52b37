"""Contains all the data models used in inputs/outputs"""

from .list_runs_order import ListRunsOrder
from .list_runs_response import ListRunsResponse
from .list_runs_sort_by import ListRunsSortBy
from .pai_error import PaiError
from .pai_error_access_denied_detail import PaiErrorAccessDeniedDetail
from .run import Run
from .run_label import RunLabel
from .run_metric import RunMetric
from .run_param import RunParam

__all__ = (
    "ListRunsOrder",
    "ListRunsResponse",
    "ListRunsSortBy",
    "PaiError",
    "PaiErrorAccessDeniedDetail",
    "Run",
    "RunLabel",
    "RunMetric",
    "RunParam",
)

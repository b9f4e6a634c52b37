"""Contains all the data models used in inputs/outputs"""

from .create_run_request import CreateRunRequest
from .create_run_response import CreateRunResponse
from .delete_run_label_response import DeleteRunLabelResponse
from .delete_run_response import DeleteRunResponse
from .label import Label
from .list_run_metrics_response import ListRunMetricsResponse
from .list_runs_order import ListRunsOrder
from .list_runs_response import ListRunsResponse
from .list_runs_sort_by import ListRunsSortBy
from .log_run_metrics_request import LogRunMetricsRequest
from .log_run_metrics_response import LogRunMetricsResponse
from .pai_error import PaiError
from .pai_error_access_denied_detail import PaiErrorAccessDeniedDetail
from .run import Run
from .run_label import RunLabel
from .run_metric import RunMetric
from .run_param import RunParam
from .update_run_request import UpdateRunRequest
from .update_run_response import UpdateRunResponse

__all__ = (
    "CreateRunRequest",
    "CreateRunResponse",
    "DeleteRunLabelResponse",
    "DeleteRunResponse",
    "Label",
    "ListRunMetricsResponse",
    "ListRunsOrder",
    "ListRunsResponse",
    "ListRunsSortBy",
    "LogRunMetricsRequest",
    "LogRunMetricsResponse",
    "PaiError",
    "PaiErrorAccessDeniedDetail",
    "Run",
    "RunLabel",
    "RunMetric",
    "RunParam",
    "UpdateRunRequest",
    "UpdateRunResponse",
)

"""Contains all the data models used in inputs/outputs"""

from .compile_diagnostics import CompileDiagnostics
from .data_platform_error import DataPlatformError
from .list_model_run_steps_response import ListModelRunStepsResponse
from .list_model_runs_response import ListModelRunsResponse
from .list_model_test_results_response import ListModelTestResultsResponse
from .model_run import ModelRun
from .model_run_status import ModelRunStatus
from .model_run_step import ModelRunStep
from .model_run_step_status import ModelRunStepStatus
from .model_run_trigger_type import ModelRunTriggerType
from .model_test_result import ModelTestResult
from .model_test_result_status import ModelTestResultStatus
from .trigger_model_run_request import TriggerModelRunRequest

__all__ = (
    "CompileDiagnostics",
    "DataPlatformError",
    "ListModelRunStepsResponse",
    "ListModelRunsResponse",
    "ListModelTestResultsResponse",
    "ModelRun",
    "ModelRunStatus",
    "ModelRunStep",
    "ModelRunStepStatus",
    "ModelRunTriggerType",
    "ModelTestResult",
    "ModelTestResultStatus",
    "TriggerModelRunRequest",
)

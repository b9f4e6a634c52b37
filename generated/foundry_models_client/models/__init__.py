"""Contains all the data models used in inputs/outputs"""

from .foundry_error import FoundryError
from .foundry_error_parameters import FoundryErrorParameters
from .list_model_studio_runs_response import ListModelStudioRunsResponse
from .model_studio_run import ModelStudioRun
from .model_studio_run_build_status import ModelStudioRunBuildStatus
from .model_studio_run_model_output import ModelStudioRunModelOutput
from .model_studio_run_resolved_outputs import ModelStudioRunResolvedOutputs

__all__ = (
    "FoundryError",
    "FoundryErrorParameters",
    "ListModelStudioRunsResponse",
    "ModelStudioRun",
    "ModelStudioRunBuildStatus",
    "ModelStudioRunModelOutput",
    "ModelStudioRunResolvedOutputs",
)

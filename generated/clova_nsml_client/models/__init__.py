"""Contains all the data models used in inputs/outputs"""

from .nsml_error import NsmlError
from .nsml_error_detail import NsmlErrorDetail
from .nsml_run import NsmlRun
from .run_list_response import RunListResponse

__all__ = (
    "NsmlError",
    "NsmlErrorDetail",
    "NsmlRun",
    "RunListResponse",
)

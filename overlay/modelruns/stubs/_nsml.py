"""The NAVER Cloud CLOVA NSML stub: one project's runs behind the API Gateway's signature v2."""

from __future__ import annotations

import datetime
import string
from typing import Any

from modelruns.stubs._paging import page_number_page
from modelruns.stubs._provider import ProviderStub
from modelruns.stubs._routing import Reply, StubRequest
from modelruns.stubs._signatures import verify_ncp_signature_v2

_EPOCH = datetime.datetime(2024, 9, 3, 10, 0)
_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class NsmlStub(ProviderStub):
    """`runs` runs of one project, newest first; the newest is still in progress."""

    provider = "nsml"

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        alphabet = string.ascii_lowercase + string.digits
        self.project_id = "".join(self.ids.choice(alphabet) for _ in range(20))
        self.project_name = "project"
        self.creator = f"ncp-user-{self.ids.randint(1_000_000, 9_999_999)}"
        self.runs_newest_first: list[dict[str, Any]] = []
        for index in range(self.runs):
            created = _EPOCH + datetime.timedelta(minutes=13 * index)
            newest = index == self.runs - 1
            self.runs_newest_first.insert(
                0,
                {
                    "runName": str(index + 1),
                    "runType": "NOTEBOOK",
                    "projectId": self.project_id,
                    "projectName": self.project_name,
                    "status": "RUN_STATE_IN_PROGRESS" if newest else "RUN_STATE_COMPLETED",
                    "creator": self.creator,
                    "createTime": created.strftime(_TIME_FORMAT),
                    "updateTime": (created + datetime.timedelta(minutes=9)).strftime(_TIME_FORMAT),
                },
            )
        self.handlers = {"getRunList": self.list_runs}

    def authenticate(self, request: StubRequest) -> None:
        """API Gateway signature v2 over method, path and query, within the 5-minute window."""
        verify_ncp_signature_v2(request, self.credentials, self.clock())

    def render_error(
        self, status: int, code: str, name: str, message: str, parameters: dict[str, Any]
    ) -> Any:
        """``{"error": {"errorCode", "message"}}``."""
        return {"error": {"errorCode": code, "message": message}}

    def describe(self) -> dict[str, str]:
        """The project id."""
        return {"projectId": self.project_id}

    def list_runs(self, request: StubRequest) -> Reply:
        """getRunList: a page of runs, newest first, with the total count."""
        return 200, page_number_page(request, self.runs_newest_first)

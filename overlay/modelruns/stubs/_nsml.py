"""The NAVER Cloud CLOVA NSML stub: one project's runs behind the API Gateway's signature v2."""

from __future__ import annotations

import datetime
import re
import string
from typing import Any

from modelruns import _signing
from modelruns.stubs._app import ProviderStub, secure_equal
from modelruns.stubs._paging import page_number_page
from modelruns.stubs._routing import Reply, StubError, StubRequest

#: The API Gateway rejects a timestamp further off the current time than this.
TIMESTAMP_WINDOW_MS = 5 * 60 * 1000
_EPOCH = datetime.datetime(2024, 9, 3, 10, 0)
_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_TIMESTAMP = re.compile(r"[0-9]{1,16}")
_SIGNATURE_HEADERS = (
    "x-ncp-apigw-timestamp",
    "x-ncp-iam-access-key",
    "x-ncp-apigw-signature-v2",
)


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
        headers = request.headers
        missing = [name for name in _SIGNATURE_HEADERS if not headers.get(name)]
        if missing:
            raise StubError("unauthorized", f"Authentication Failed: missing {', '.join(missing)}.")
        timestamp = headers["x-ncp-apigw-timestamp"]
        # ASCII digits only (`isdigit` accepts "\xb2"), and no more than epoch milliseconds need.
        if not _TIMESTAMP.fullmatch(timestamp):
            raise StubError("unauthorized", "Authentication Failed: invalid timestamp.")
        if abs(int(timestamp) - int(self.clock() * 1000)) > TIMESTAMP_WINDOW_MS:
            raise StubError(
                "unauthorized", "Authentication Failed: timestamp is outside the 5-minute window."
            )
        if not secure_equal(headers["x-ncp-iam-access-key"], self.credentials.ncp_access_key):
            raise StubError("unauthorized", "Authentication Failed: unknown access key.")
        expected = _signing.nsml_expected_signature(
            self.credentials.ncp_secret_key, request.method, request.target, headers
        )
        if not secure_equal(headers["x-ncp-apigw-signature-v2"], expected):
            raise StubError("unauthorized", "Authentication Failed: signature mismatch.")
        if not secure_equal(headers.get("x-ncp-apigw-api-key"), self.credentials.ncp_api_key):
            raise StubError("forbidden", "Permission Denied: invalid API key.")

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

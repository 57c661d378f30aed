"""The exceptions the task services raise; the API turns each into its 4xx (or 202) answer.

TaskIdUnknown, raised by a Stop that reconciling could not unblock, carries
reconcile's report and lives beside it (reconcile.py).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from layouts.core.contract.problems import Problem
from layouts.errors import MixStudioError, ProblemsRefused, first_error
from studio.cloud.errors import CloudError
from studio.control.models import MixTask


class RequestInvalid(ProblemsRefused):
    """The request breaks the API's rules; nothing was sent."""

    code = "request-invalid"

    def __init__(self, problems: list[Problem]) -> None:
        first = first_error(problems)
        super().__init__(
            f"{first.path}: {first.render(_)} ({first.rule})", problems, field=first.path
        )


class UpdateForbidden(RequestInvalid):
    """The update changes what a running task can never change (R23, R55)."""

    status_code = 409
    code = "update-forbidden"


class TaskNotLive(MixStudioError):
    status_code = 409
    code = "task-not-live"


class NothingToTake(MixStudioError):
    """The staged state is what is on air already; nothing was sent."""

    status_code = 409
    code = "nothing-to-take"


class RobotSeated(MixStudioError):
    """R9: a robot of this Start already sits in its room, for one of our tasks or another."""

    status_code = 409
    code = "robot-seated"

    def __init__(
        self,
        seat: tuple[str, str, int | None, str],
        holder: MixTask | None,
        cloud: CloudError | None = None,
    ) -> None:
        path, room_id, _room_type, user_id = seat
        if holder is not None:
            message = _(
                'Robot "%(robot)s" is already in room %(room)s for task #%(task)d (%(status)s). '
                "Stop that task first, or give this one another robot UserId (R9)."
            ) % {
                "robot": user_id,
                "room": room_id,
                "task": holder.pk,
                "status": holder.get_status_display(),
            }
        else:
            message = _(
                'Robot "%(robot)s" is already in room %(room)s for a task Mix Studio did not '
                "start. Stop it where it was started, or give this one another robot UserId (R9)."
            ) % {"robot": user_id, "room": room_id}
        super().__init__(message, field=f"request.{path}")
        self.holder = holder
        self.cloud = cloud

    def payload(self) -> dict[str, Any]:
        body = super().payload()
        body["holder"] = (
            {
                "id": self.holder.pk,
                "status": self.holder.status,
                "task_id": self.holder.task_id,
                "room_id": self.holder.room_id,
                "page": f"/tasks/{self.holder.pk}/",
                "stop": f"/api/tasks/{self.holder.pk}/stop/",
            }
            if self.holder is not None
            else None
        )
        if self.cloud is not None:
            body.update({"cloud_code": self.cloud.cloud_code, "request_id": self.cloud.request_id})
        return body


class AwaitingAnswer(MixStudioError):
    """The call left but its answer has not come yet; it is recorded when it does."""

    status_code = 202
    code = "awaiting-answer"

    def __init__(self, task_pk: int, waited: float) -> None:
        super().__init__(
            _(
                "The cloud has not answered within %(seconds)s s. The answer is still awaited "
                "and recorded when it comes; the task page shows it."
            )
            % {"seconds": f"{waited:g}"}
        )
        self.task_pk = task_pk

"""The program monitor's overlay where the app does not draw the program: the latest SEI.

Routed in studio/urls.py beside the other task endpoints.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from studio.control.selectors import get_task
from studio.onair import services as onair


@extend_schema(tags=["tasks"], responses={200: {"type": "object"}})
class TaskProgramSeiView(APIView):
    """The newest volume-layout SEI of the task's program, read from the stream itself:
    {"layout_volume": payload or null, "at", "source", "read_at"} (shared for a moment
    by everyone watching)."""

    def get(self, request: Request, pk: int) -> Response:
        return Response(onair.latest_sei(get_task(pk)))

"""Relay-to-CDN callbacks (reference G): event numbers and the CDN push states of G.3."""

from __future__ import annotations

EVENT_GROUP_CLOUD_PUBLISH = 4
EVENT_TYPE_CDN_STATUS = 401

IDLE = 0
CONNECTING = 1
RUNNING = 2
RECOVERING = 3
FAILURE = 4
DISCONNECTING = 5

STATUS_NAMES = {
    IDLE: "idle",
    CONNECTING: "connecting",
    RUNNING: "running",
    RECOVERING: "recovering",
    FAILURE: "failure",
    DISCONNECTING: "disconnecting",
}

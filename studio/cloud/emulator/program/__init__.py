"""The emulator's program: what a running emulator task puts on air.

A segment of the program is a pure function of the task's timeline (the Start,
every accepted update and room change, each with the time it took effect), the
time span of the segment and the app's own geometry and renderer. So any
worker renders any segment on request, and the cache spares it the second time.
"""

"""The emulator's program: what a running emulator task puts on air.

A part of the program (a third of a second by default) is a pure function of
the task's timeline (the Start, every accepted update and room change, each
dated at the start of the part from which it shows), the part's time span and
the app's own geometry and renderer. The engine (engine.py) draws each running
task's parts at the live edge in the job runner's workers; the views serve what
it stored as low-latency HLS and never draw.
"""

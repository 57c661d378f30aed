"""The built-in emulator of the three TRTC relay actions (DESIGN.md, "The built-in emulator")."""

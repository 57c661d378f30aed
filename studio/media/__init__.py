"""Media helpers shared by the emulator's program and the on-air verifier."""

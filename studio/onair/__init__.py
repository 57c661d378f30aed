"""What a task puts on air: its program, its room, and checking a stream against the design."""

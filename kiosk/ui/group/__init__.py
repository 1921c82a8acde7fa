"""A group session led by a trainer: attendance, presenter controls, and the projector."""

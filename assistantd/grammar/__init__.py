"""The template recognizer compiled from the config: slot lists, names, numbers, measures and sentences."""

"""Timers: the book of running and paused timers (pure), their words, and their SQLite store."""

"""Speech to text: faster-whisper model resolution, transcription, biasing, rejection, listening, the pipeline.

Imports numpy; faster-whisper is imported only when a model is loaded. The text-only daemon never
imports this package.
"""

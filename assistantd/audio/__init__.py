"""Audio in: sources (microphone, file, capture command), conversion to 16 kHz mono, VAD and endpointing.

Imports numpy; the text-only daemon never imports this package.
"""

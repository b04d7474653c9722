"""The voice: spoken answers (Piper, or espeak-ng), short sounds, and where they are played."""

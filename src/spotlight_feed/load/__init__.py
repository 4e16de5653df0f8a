"""Load stage: the show folder -> the validated, probed project model (every problem in one run)."""

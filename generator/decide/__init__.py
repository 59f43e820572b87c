"""Decide what is published on a day: policy, privacy masking, monitor, articles."""

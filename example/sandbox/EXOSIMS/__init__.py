"""A tiny stand-in for the EXOSIMS package: enough to show engines importing simulation code."""

"""A toy survey simulation. Edit MODEL_VERSION, save, and watch the engines go stale."""
import random

MODEL_VERSION = 1


def run_one(seed):
    """One simulated survey: returns (seed, model version, detections)."""
    rng = random.Random(seed)
    detections = sum(1 for _ in range(1000) if rng.random() < 0.01)
    return seed, MODEL_VERSION, detections

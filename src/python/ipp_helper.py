"""Talks to an ipyparallel controller for IPP Engines; one JSON object per output line.

Modes:
  status PROFILE_DIR [--probe-timeout S]   registered engines, queue status, which idle engines answer
  wait PROFILE_DIR N [--exclude IDS]       report registrations until N engines (not in IDS) answer
  run PROFILE_DIR CODE                     evaluate CODE on every engine (tests and diagnostics)

The caller enforces a hard timeout and kills this process: a Client can hang
forever when the controller is gone. Works with ipyparallel 7.1 and 8.x.
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault("IPP_NONINTERACTIVE", "1")


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def engine_identity():
    import os as _os
    return {"pid": _os.getpid(), "cwd": _os.getcwd()}


def connect(profile_dir, timeout):
    import ipyparallel as ipp

    path = os.path.join(profile_dir, "security", "ipcontroller-client.json")
    deadline = time.monotonic() + timeout
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            raise RuntimeError("no connection file: " + path)
        time.sleep(0.1)
    # Positional: Client(url_file=...) ignores the path in 7.x and later.
    return ipp.Client(path, timeout=timeout)


def probe(rc, ids, timeout):
    """Run a trivial call on each engine in ids; return {id: identity} for those that answer in time."""
    pending = {i: rc[i].apply_async(engine_identity) for i in ids}
    deadline = time.monotonic() + timeout
    answered = {}
    for engine_id, result in pending.items():
        try:
            answered[engine_id] = result.get(timeout=max(0.0, deadline - time.monotonic()))
        except Exception:
            pass
    return answered


def cmd_status(args):
    rc = connect(args.profile_dir, args.connect_timeout)
    ids = sorted(rc.ids)
    queues = rc.queue_status()
    engines = []
    for engine_id in ids:
        q = queues.get(engine_id, {})
        engines.append({"id": engine_id, "queue": q.get("queue", 0), "completed": q.get("completed", 0),
                        "tasks": q.get("tasks", 0)})
    # Engines known to be gone are not probed: a probe would sit in their queue and look like work.
    skip = parse_ids(args.skip)
    idle = [e["id"] for e in engines if e["queue"] == 0 and e["tasks"] == 0 and e["id"] not in skip]
    answered = probe(rc, idle, args.probe_timeout)
    for e in engines:
        info = answered.get(e["id"])
        e["answered"] = info is not None
        e["pid"] = info["pid"] if info else None
    emit({"status": {"engines": engines, "unassigned": queues.get("unassigned", 0)}})


def parse_ids(text):
    return set(int(x) for x in text.split(",") if x)


def cmd_wait(args):
    exclude = parse_ids(args.exclude)
    rc = connect(args.profile_dir, args.connect_timeout)
    seen = -1
    while True:
        fresh = sorted(set(rc.ids) - exclude)
        if len(fresh) != seen:
            seen = len(fresh)
            emit({"registered": seen})
        if seen >= args.n:
            answered = probe(rc, fresh, args.probe_timeout)
            if len(answered) >= args.n:
                emit({"ready": [{"id": i, "pid": answered[i]["pid"]} for i in sorted(answered)]})
                return
        time.sleep(0.1)


def cmd_run(args):
    rc = connect(args.profile_dir, args.connect_timeout)
    code = args.code

    def evaluate(source):
        return repr(eval(source, globals()))

    # Only engines that answer: ids of engines that died stay registered until their heartbeats time out.
    ids = sorted(probe(rc, sorted(rc.ids), 2.0))
    results = rc[ids].apply_async(evaluate, code).get(timeout=args.probe_timeout)
    emit({"results": dict(zip([str(i) for i in ids], results))})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--connect-timeout", type=float, default=5.0)
    parser.add_argument("--probe-timeout", type=float, default=1.0)
    sub = parser.add_subparsers(dest="mode", required=True)
    p = sub.add_parser("status")
    p.add_argument("profile_dir")
    p.add_argument("--skip", default="")
    p = sub.add_parser("wait")
    p.add_argument("profile_dir")
    p.add_argument("n", type=int)
    p.add_argument("--exclude", default="")
    p = sub.add_parser("run")
    p.add_argument("profile_dir")
    p.add_argument("code")
    args = parser.parse_args()
    try:
        {"status": cmd_status, "wait": cmd_wait, "run": cmd_run}[args.mode](args)
    except Exception as exc:  # reported as data: the caller turns it into a message
        emit({"error": "%s: %s" % (type(exc).__name__, exc)})
        sys.stdout.flush()
        os._exit(3)
    sys.stdout.flush()
    # Skip Client teardown: it can block on engines that are still busy.
    os._exit(0)


if __name__ == "__main__":
    main()

"""Talks to an ipyparallel controller for IPP Engines; one JSON object per output line.

Modes (CLIENT_FILE is the cluster's ipcontroller[-<id>]-client.json):
  status CLIENT_FILE [--dead IDS]        registered engines, queue status, and each idle engine's
                                         identity (probed once per engine id)
                                         (one-shot; the benchmarks' baseline)
  wait CLIENT_FILE N [--old IDS]         until the controller lists exactly N engines, none of IDS,
                                         each answers and direct and load-balanced views run on them
                                         (reported once the controller has recorded those requests)
                                         [--startup-dir D: then report startup files that failed]
  serve CLIENT_FILE                      resident client: one JSON request per stdin line, answered
                                         with its "id" ({"op": "status", "dead": [...]}, {"op": "run",
                                         "code": ..., "timeout": S}, {"op": "wait", "n": N, "old": [...],
                                         "ghostGrace": S, "startupDir": D}: as wait above, its progress
                                         lines carrying the id and "progress": true, {"op":
                                         "check-syntax", "files": [...]});
                                         {"op": "queued-tasks"}, {"op": "abort", "msgIds": [...]},
                                         {"op": "timeline", "limit": N}
                                         (see ipp_run.py); between requests, an {"event": "engines",
                                         "ids": [...]} line whenever the controller registers or
                                         unregisters an engine, {"event": "output", "output": [...],
                                         "dropped": N} with what any client's tasks printed, and
                                         {"event": "done", "done": {ID: N}}: tasks each engine finished
  check-syntax FILE...                   compile each startup file (.py, .ipy); report syntax errors (no ipyparallel)

The caller enforces a hard timeout and kills this process: a Client can hang
forever when the controller is gone. Works with ipyparallel 7.1, 8.x and 9.x.
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault("IPP_NONINTERACTIVE", "1")

# Completions are told at most this often (s): a burst of tiny tasks is a few events a second, not thousands.
DONE_EVERY_S = 0.25
# How many message digests the resident client remembers against replays (see cmd_serve).
SERVE_DIGEST_HISTORY = 1024

# A scheduler sends each result to the client and to the controller, so the controller can count a request
# as queued for a moment after its result arrived here (longer on a loaded machine). Our finished requests,
# by msg_id: (engine id, or None where the scheduler placed it; when), kept this long.
finished_requests = {}
FINISHED_KEPT_S = 10.0
# The engine of each probe until it is forgotten: the Client drops a request's engine as soon as it answers.
probe_engines = {}
# How long a wait for engines gives the controller to record its requests as finished.
CONTROLLER_CATCH_UP_S = 2.0
# How long a probe's status messages are listened for on iopub before the engine is probed again.
IOPUB_LISTEN_S = 0.3
# What each listed engine said of itself when first probed (pid, host, start), by engine id: it never changes
# for an id, and whether an engine still lives is the controller's to judge (its heartbeat drops an engine
# that stops beating, a nanny reports one that dies), so an identified engine is not probed again. Probing
# every idle engine on every status cost about 1 s with 32 engines on 2 cores.
identities = {}
# Per engine id, how many of its completed requests were ours (probes, a wait's views): the controller counts
# them with the user's work, and "tasks done" must not.
ours_completed = {}


def sibling_module(name):
    """A module beside this script, loaded by its path: PYTHONSAFEPATH keeps this folder off sys.path."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, os.path.join(os.path.dirname(os.path.abspath(__file__)), name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def engine_identity():
    """On an engine: its pid and host as it sees them (on another host, a pid of that host's), and when it
    started (seconds since the epoch, from its host's /proc; None where that cannot be read)."""
    import os as _os
    import socket as _socket

    started = None
    try:
        with open("/proc/self/stat") as f:
            ticks = int(f.read().rsplit(")", 1)[1].split()[19])  # field 22, starttime
        with open("/proc/stat") as f:
            boot = next(int(line.split()[1]) for line in f if line.startswith("btime"))
        started = boot + ticks / _os.sysconf("SC_CLK_TCK")
    except Exception:
        pass
    return {"pid": _os.getpid(), "cwd": _os.getcwd(), "host": _socket.gethostname(), "started": started}


def engine_key(_item=None):
    """On an engine: host and pid, which tell engines apart across hosts (pids of two hosts can be equal)."""
    import os as _os
    import socket as _socket
    return "%s:%d" % (_socket.gethostname(), _os.getpid())


def startup_report(startup_dir):
    """On an engine right after it started: the exception a startup file raised, if any.

    IPython catches it, prints it where nobody reads it, and skips every later startup file; its
    showtraceback() leaves it in sys.last_value, which nothing else has set on a fresh engine.
    """
    import os as _os
    import sys as _sys
    import traceback as _traceback

    value = getattr(_sys, "last_value", None)
    if value is None:
        return None
    tb = getattr(_sys, "last_traceback", None)
    frames = _traceback.extract_tb(tb)
    in_startup = [f for f in frames if _os.path.dirname(_os.path.abspath(f.filename)) == startup_dir]
    if in_startup:
        file, line = in_startup[0].filename, in_startup[0].lineno
    else:
        file, line = getattr(value, "filename", None), getattr(value, "lineno", None)
    where = frames[-1] if frames else None
    if isinstance(value, SyntaxError) and value.filename:
        where_text = "%s:%s" % (value.filename, value.lineno)
    else:
        where_text = "%s:%s" % (where.filename, where.lineno) if where else None
    text = "".join(_traceback.format_exception(type(value), value, tb))
    return {"file": file, "line": line, "error": "%s: %s" % (type(value).__name__, value), "where": where_text, "traceback": text[-4000:]}


HELPER_USERNAME = "ipp-engines-helper"


def connect(path, timeout):
    import ipyparallel as ipp

    deadline = time.monotonic() + timeout
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            raise RuntimeError("no connection file: " + path)
        time.sleep(0.1)
    # Positional: Client(url_file=...) ignores the path in 7.x and later. The session's username marks every
    # request of ours in the controller's task records (their header), so the Run Timeline and the run's
    # progress leave our probes out, whichever helper sent them.
    return ipp.Client(path, timeout=timeout, username=HELPER_USERNAME)


def probe(rc, ids, timeout):
    """Run a trivial call on each engine in ids; return {id: identity} for those that answer in time."""
    pending = {i: rc[i].apply_async(engine_identity) for i in ids}
    for engine_id, result in pending.items():
        probe_engines[result.msg_ids[0]] = engine_id
    deadline = time.monotonic() + timeout
    answered = {}
    for engine_id, result in pending.items():
        try:
            answered[engine_id] = result.get(timeout=max(0.0, deadline - time.monotonic()))
        except Exception:
            pass
    return answered


def controller_pending(rc, msg_ids):
    """Which of these finished requests of ours the controller has not recorded as finished yet."""
    for msg_id in msg_ids:
        rc.results.pop(msg_id, None)  # else the Client answers from its own results, without asking
    try:
        return set(rc.result_status(list(msg_ids), status_only=True)["pending"])
    except Exception:  # it has not even seen one of them yet (it answers that for the whole batch)
        return set(msg_ids)


def controller_caught_up(rc, msg_ids, timeout):
    """Until the controller has recorded these finished requests of ours, or timeout: a status right after a
    wait for engines must not take the wait's own probes for the user's work."""
    deadline = time.monotonic() + timeout
    pending = controller_pending(rc, msg_ids)
    while pending and time.monotonic() < deadline:
        time.sleep(0.02)
        pending = controller_pending(rc, pending)


def our_requests(rc):
    """Our requests the controller may still count on engines: every one sent and not yet forgotten (its
    answer can arrive on the Client's own thread at any moment), and ones finished lately (the controller
    hears of a result after this client does). Returns them, the engines they are on, and whether one may
    be anywhere (placed by the scheduler, or sent to several engines)."""
    sent = list(rc.history)
    placed = {}
    for engine_id, uuid in list(rc._engines.items()):
        for msg_id in list(rc._outstanding_dict.get(uuid, ())):
            placed[msg_id] = engine_id
    where = [probe_engines.get(msg_id, placed.get(msg_id)) for msg_id in sent]
    where += [engine_id for engine_id, _ in finished_requests.values()]
    return set(sent) | set(finished_requests), {e for e in where if e is not None}, None in where


def users_work(rc, ids, queues):
    """Per engine, its queued requests and load-balanced tasks that are not ours, as (queue, tasks).

    Where ours may be among them, the controller is asked for the requests themselves: its counts and a
    later question about ours could disagree (a request can finish in between), its lists in one answer
    cannot. Engines without any of ours keep the counts (the lists also name every completed request)."""
    ours, engines, anywhere = our_requests(rc)
    counted = lambda engine_id: queues.get(engine_id, {}).get("queue", 0) + queues.get(engine_id, {}).get("tasks", 0)
    suspects = [engine_id for engine_id in ids if counted(engine_id) and (anywhere or engine_id in engines)]
    try:
        lists = rc.queue_status(targets=suspects, verbose=True) if suspects else {}
    except Exception:  # an engine left in between: its counts stand
        lists = {}
    work = {}
    for engine_id in ids:
        if isinstance(lists.get(engine_id), dict):
            theirs = lambda key: len([m for m in lists[engine_id][key] if m not in ours])
            work[engine_id] = (theirs("queue"), theirs("tasks"))
        else:
            q = queues.get(engine_id, {})
            work[engine_id] = (q.get("queue", 0), q.get("tasks", 0))
    return work


def status_of(rc, dead, probe_timeout, finished=None):
    rc.spin()  # replies already received are taken in: they are no longer outstanding
    # ...and recorded as finished: a probe that overran its time-out and answered since the last request is
    # ours, though the controller may still count it queued.
    forget_results(rc)
    ids = sorted(rc.ids)
    queues = rc.queue_status()
    work = users_work(rc, ids, queues)
    engines = []
    for engine_id in ids:
        queue, tasks = work[engine_id]
        completed = max(0, queues.get(engine_id, {}).get("completed", 0) - ours_completed.get(engine_id, 0))
        engines.append({"id": engine_id, "queue": queue, "completed": completed, "tasks": tasks})
    for engine_id in [i for i in identities if i not in ids]:
        del identities[engine_id]
    # Engines known to be gone are not probed: a probe would sit in their queue and look like work. An idle
    # engine answers (as ever); a busy one does not, whatever it said before.
    idle = {e["id"] for e in engines if e["queue"] == 0 and e["tasks"] == 0 and e["id"] not in dead}
    identities.update(probe(rc, sorted(idle - set(identities)), probe_timeout))
    for e in engines:
        info = identities.get(e["id"]) if e["id"] in idle else None
        e["answered"] = info is not None
        e["pid"] = info["pid"] if info else None
        e["host"] = info.get("host") if info else None
        e["started"] = info.get("started") if info else None
    report = {"engines": engines, "unassigned": queues.get("unassigned", 0)}
    if finished is not None:
        report["finished"] = finished.since_last(rc)
    return report


def cmd_status(args):
    rc = connect(args.client_file, args.connect_timeout)
    emit({"status": status_of(rc, parse_ids(args.dead), args.probe_timeout)})


def parse_ids(text):
    return set(int(x) for x in text.split(",") if x)


def unregister(rc, ids):
    """Ask the controller to drop engine ids whose nanny cannot (it died with its engine).

    The same request a nanny sends when its engine exits; the controller does not reply to it.
    """
    for engine_id in ids:
        rc.session.send(rc._query_socket, "unregistration_request", content={"id": engine_id})


def views_run(rc, answered, timeout):
    """rc[:] reaches exactly the answering engines, and a load-balanced map runs only on them."""
    try:
        keys = rc[:].apply_async(engine_key).get(timeout=timeout)
        if sorted(keys) != sorted("%s:%d" % (info["host"], info["pid"]) for info in answered.values()):
            return False
        mapped = rc.load_balanced_view().map_async(engine_key, range(2 * len(answered)))
        return set(mapped.get(timeout=timeout)) <= set(keys)
    except Exception:
        return False


def cmd_wait(args):
    wait_ready(connect(args.client_file, args.connect_timeout), args.n, parse_ids(args.old), args)


def iopub_heard(rc, engines, heard, timeout):
    """Until each engine has been heard on the controller's iopub stream (`heard`, filled by the output
    reader), or timeout. An engine's publisher drops what it sends before the controller's subscription has
    reached it, which under load can be after its first task printed. What is listened for is the status
    messages of our probes: an engine not heard yet is probed again."""
    deadline = time.monotonic() + timeout
    while True:
        listened_until = time.monotonic() + IOPUB_LISTEN_S
        unheard = [e for e in engines if e not in heard]
        while unheard and time.monotonic() < listened_until:
            time.sleep(0.02)
            unheard = [e for e in unheard if e not in heard]
        if not unheard or time.monotonic() > deadline:
            return
        probe(rc, unheard, max(0.0, deadline - time.monotonic()))


def wait_ready(rc, n, old, args, report=emit, keep=frozenset(), heard=None):
    """Until the controller lists exactly n engines, none of old, that answer and run views; the last
    object reported says so (ready), earlier ones say how far it got. Engines in keep (a scale that adds or
    removes engines beside them) count towards n but are not probed: they may be busy. With `heard` (engines
    the resident client's output reader has heard), ready also means their prints reach it, within reason."""
    started = last_unregister = time.monotonic()
    seen = None
    first_sent = len(rc.history)
    # A resident client may hold requests to engines that are gone since (a probe that timed out): those
    # never finish, and are not this wait's business.
    earlier = set(rc.outstanding)
    while True:
        ids = set(rc.ids)
        ghosts = sorted(ids & old)
        now = time.monotonic()
        # Old engines' nannies report at once; ids still listed after the grace lost their nanny too.
        if ghosts and now - started > args.ghost_grace and now - last_unregister > args.ghost_grace:
            unregister(rc, ghosts)
            last_unregister = now
            report({"unregistered": ghosts})
        fresh = len(ids - old)
        if (fresh, len(ids)) != seen:
            seen = (fresh, len(ids))
            report({"registered": fresh, "listed": len(ids)})
        if not ghosts and len(ids) == n:
            answered = probe(rc, sorted(ids - keep), args.probe_timeout)
            identities.update(answered)
            if heard is not None:
                iopub_heard(rc, sorted(answered), heard, args.probe_timeout)
            # Probes and maps of earlier rounds that timed out must finish too: left queued, they would
            # make idle engines look busy to the next status.
            ours = [msg_id for msg_id in rc.outstanding if msg_id not in earlier]
            # Views over all engines would queue behind kept busy ones: with kept engines, probes suffice.
            views = views_run(rc, answered, args.probe_timeout) if answered and not keep else True
            if len(answered) == len(ids - keep) and views and rc.wait(jobs=ours, timeout=args.probe_timeout):
                ready = {"ready": [{"id": i, "pid": answered[i]["pid"], "host": answered[i]["host"], "started": answered[i]["started"]} for i in sorted(answered)]}
                if args.startup_dir and answered:
                    reports = rc[sorted(answered)].apply_async(startup_report, os.path.abspath(args.startup_dir)).get(timeout=10)
                    ready["startupErrors"] = {str(i): r for i, r in zip(sorted(answered), reports) if r}
                finished = [msg_id for msg_id in rc.history[first_sent:] if msg_id not in rc.outstanding]
                controller_caught_up(rc, finished, CONTROLLER_CATCH_UP_S)
                report(ready)
                return
        time.sleep(0.1)


def evaluate_on_engines(rc, code, timeout):
    def evaluate(source):
        return repr(eval(source, globals()))

    # Only engines that answer: ids of engines that died stay registered until their heartbeats time out.
    ids = sorted(probe(rc, sorted(rc.ids), 2.0))
    results = rc[ids].apply_async(evaluate, code).get(timeout=timeout)
    return dict(zip([str(i) for i in ids], results))


def forget_results(rc):
    """Drops what the client keeps of finished requests (a resident client must not grow with every status),
    remembering only their ids and engines for a while, as finished_requests."""
    done = [msg_id for msg_id in rc.history if msg_id not in rc.outstanding]
    now = time.monotonic()
    for msg_id, (_, at) in list(finished_requests.items()):
        if now - at > FINISHED_KEPT_S:
            del finished_requests[msg_id]
    for msg_id in done:
        rc.results.pop(msg_id, None)
        # A probe's engine is known from its sending; another request's from its metadata, which the Client's
        # own thread may fill in a moment after the result (then it is not counted: best effort).
        metadata = rc.metadata.pop(msg_id, None) or {}
        engine_id = probe_engines.pop(msg_id, metadata.get("engine_id"))
        if engine_id is not None:
            ours_completed[engine_id] = ours_completed.get(engine_id, 0) + 1
        finished_requests[msg_id] = (engine_id, now)
    rc.history = [msg_id for msg_id in rc.history if msg_id in rc.outstanding]
    # ipyparallel 8+ also keeps the futures of sent requests.
    for name in ("_futures", "_output_futures"):
        futures = getattr(rc, name, None)
        if isinstance(futures, dict):
            for msg_id in done:
                futures.pop(msg_id, None)


def wake_on_notifications(rc, wake):
    """Calls wake() right after the Client handles a registration or unregistration notification.

    The Client handles them on its own thread (7.1, 8.x and 9.x alike); wrapping its handlers lets the serve
    loop report a join or leave at once instead of polling for it. The loop still looks every second.
    """
    handlers = getattr(rc, "_notification_handlers", None)
    if not isinstance(handlers, dict):
        return
    for kind in ("registration_notification", "unregistration_notification"):
        original = handlers.get(kind)
        if original is None:
            continue

        def handle(msg, original=original):
            original(msg)
            wake()

        handlers[kind] = handle


def cmd_serve(args):
    import queue
    import threading

    ipp_run = sibling_module("ipp_run")
    rc = connect(args.client_file, args.connect_timeout)
    # Replay protection remembers the digest of every message received, up to 65,536 (about 8 MiB): a resident
    # client would grow for hours before reaching it. The client only connects out to its own controller, so a
    # short memory costs nothing, and keeps the helper's memory flat.
    rc.session.digest_history_size = SERVE_DIGEST_HISTORY
    requests = queue.Queue()

    def read_requests():
        for line in sys.stdin:
            requests.put(line)
        requests.put(None)  # stdin closed: the extension is gone or wants us to stop

    threading.Thread(target=read_requests, daemon=True).start()
    wake_on_notifications(rc, lambda: requests.put(""))
    output = ipp_run.OutputReader(rc, lambda: requests.put(""))
    output.session.digest_history_size = SERVE_DIGEST_HISTORY
    cap, labels, finished, records = ipp_run.OutputCap(), ipp_run.Labels(), ipp_run.FinishedTasks(), ipp_run.TaskRecords()
    known = sorted(rc.ids)
    emit({"event": "engines", "ids": known})
    done = DoneEvents(output)
    while True:
        try:
            line = requests.get(timeout=min(done.wait(), labels.wait()))
        except queue.Empty:
            line = ""
        if line is None:
            return
        ids = sorted(rc.ids)
        if ids != known:
            left = [e for e in known if e not in ids]
            known = ids
            emit({"event": "engines", "ids": ids, "left": ipp_run.engines_left(rc, output, labels, left)})
        emit_output(rc, output, cap, labels)
        done.emit()
        if not line.strip():
            continue
        request = json.loads(line)
        answer = {"id": request.get("id")}
        try:
            op = request.get("op")
            if op == "status":
                answer["status"] = status_of(rc, set(request.get("dead", [])), args.probe_timeout, finished)
                # Read after the controller's counts: a task done since is told by the next event.
                answer["status"]["done"] = {str(k): v for k, v in dict(output.done).items()}
            elif op == "run":
                answer["results"] = evaluate_on_engines(rc, request["code"], float(request.get("timeout", 30)))
            elif op == "wait":
                wait_args = argparse.Namespace(probe_timeout=1.0, ghost_grace=float(request.get("ghostGrace", 2.0)),
                                               startup_dir=request.get("startupDir", ""))
                last = {}

                def report(obj):
                    if "ready" in obj:
                        last.update(obj)
                    else:
                        emit(dict(obj, id=request.get("id"), progress=True))

                wait_ready(rc, int(request["n"]), set(request.get("old", [])), wait_args, report,
                           frozenset(request.get("keep", [])), output.heard)
                answer.update(last)
            elif op == "check-syntax":
                answer["syntax"] = syntax_problems(request.get("files", []))
            elif op == "queued-tasks":
                answer["queued"] = ipp_run.queued_tasks(rc, set(output.running.values()))
            elif op == "timeline":
                answer["timeline"] = records.since_last(rc, output, int(request.get("limit", 5000)))
            elif op == "abort":
                answer["aborted"] = ipp_run.abort_tasks(rc, request.get("msgIds", []), set(output.running.values()))
            else:
                answer["error"] = "unknown request: %r" % (op,)
        except Exception as exc:
            answer["error"] = "%s: %s" % (type(exc).__name__, exc)
        forget_results(rc)
        emit(answer)


class DoneEvents:
    """{"event": "done", "done": {engine id: tasks finished}} when those counts change, at most every DONE_EVERY_S:
    the first completion after a quiet spell is told at once, a burst of them a few times a second."""

    def __init__(self, output):
        self.output = output
        self.told = {}
        self.next_at = 0.0

    def wait(self):
        """How long the serve loop may sleep: until a held-back change may be told."""
        if self.output.done == self.told:
            return 1.0
        return max(0.0, self.next_at - time.monotonic())

    def emit(self):
        now = time.monotonic()
        done = dict(self.output.done)
        if done == self.told or now < self.next_at:
            return
        self.told, self.next_at = done, now + DONE_EVERY_S
        emit({"event": "done", "done": {str(k): v for k, v in done.items()}})


def emit_output(rc, output, cap, labels):
    """What tasks printed since the last look, within the cap, each piece with its engine and label."""
    events, dropped = output.drain()
    kept, capped = cap.take(events)
    shown = labels.ready(rc, kept) if kept or labels.held else []
    if not shown and not dropped and not capped:
        return
    chunks = [{"engine": engine, "stream": stream, "text": text, "label": label} for engine, stream, text, _, label in shown]
    emit({"event": "output", "output": chunks, "dropped": dropped + capped})


def cmd_check_syntax(args):
    emit({"syntax": syntax_problems(args.files)})


def syntax_problems(files):
    problems = []
    for path in files:
        try:
            with open(path, "rb") as f:
                source = f.read()
            if path.endswith(".ipy"):
                # IPython runs a .ipy startup file after turning its %magics and !commands into Python.
                from IPython.core.inputtransformer2 import TransformerManager
                source = TransformerManager().transform_cell(source.decode("utf8"))
            compile(source, path, "exec")
        except SyntaxError as exc:
            problems.append({"file": path, "line": exc.lineno, "error": "%s: %s" % (type(exc).__name__, exc.msg)})
        except (OSError, ValueError) as exc:
            problems.append({"file": path, "line": None, "error": "%s: %s" % (type(exc).__name__, exc)})
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--connect-timeout", type=float, default=5.0)
    parser.add_argument("--probe-timeout", type=float, default=1.0)
    sub = parser.add_subparsers(dest="mode", required=True)
    p = sub.add_parser("status")
    p.add_argument("client_file")
    p.add_argument("--dead", default="")
    p = sub.add_parser("wait")
    p.add_argument("client_file")
    p.add_argument("n", type=int)
    p.add_argument("--old", default="")
    p.add_argument("--ghost-grace", type=float, default=2.0)
    p.add_argument("--startup-dir", default="")
    p = sub.add_parser("check-syntax")
    p.add_argument("files", nargs="*")
    p = sub.add_parser("serve")
    p.add_argument("client_file")
    args = parser.parse_args()
    try:
        modes = {"status": cmd_status, "wait": cmd_wait, "serve": cmd_serve,
                 "check-syntax": cmd_check_syntax}
        modes[args.mode](args)
    except Exception as exc:  # reported as data: the caller turns it into a message
        emit({"error": "%s: %s" % (type(exc).__name__, exc)})
        sys.stdout.flush()
        os._exit(3)
    sys.stdout.flush()
    # Skip Client teardown: it can block on engines that are still busy.
    os._exit(0)


if __name__ == "__main__":
    main()

"""What a running ensemble does, for the resident client of ipp_helper.py (serve mode): what tasks print,
which tasks finished and how, and the tasks that wait (to abort them). Works with ipyparallel 7.1, 8.x, 9.x.

Only OutputReader runs a thread of its own, and it never touches the Client: every function that takes `rc`
runs on the serve loop's thread, which owns it.
"""
import collections
import threading
import time
from datetime import datetime, timezone

# What the reader keeps between two drains, at most (events, and characters); beyond it, output is dropped and counted.
READER_QUEUE = 10000
# Characters of task output passed on per second, at most: 100 MB of prints must not flood the editor.
OUTPUT_CHARS_PER_S = 256 * 1024
READER_CHARS = 4 * OUTPUT_CHARS_PER_S
# Labels remembered per task (ipyparallel 9), at most.
LABELS_KEPT = 20000
# How long a task's output waits for the controller to record the task (and its label), at most.
LABEL_WAIT_S = 3.0


class OutputReader:
    """Reads the controller's iopub stream with a SUB socket of its own, as every client's tasks print.

    A Client's own iopub handler drops messages whose parent session is not its own, so a notebook's tasks
    never reach it: this socket sees them all. Every message is verified with the cluster's key (a clone of
    the Client's session: the Client's own would refuse a signature it has already seen). It keeps, per engine,
    the task it runs now (from the engines' busy/idle status messages), and a bounded queue of what tasks
    printed and raised, and per engine the tasks it finished (`done`); `wake` is called when either has
    something new since the last drain.
    """

    def __init__(self, rc, wake):
        import zmq

        self.session = rc.session.clone()
        self.own_username = rc.session.username  # our probes are no one's running task (see ours)
        self.url = rc._config["iopub"]
        self.curve = getattr(rc, "curve_serverkey", None) and (rc.curve_serverkey, rc.curve_publickey, rc.curve_secretkey)
        self.wake = wake
        self.events = []
        self.queued_chars = 0  # what the queue holds (both threads change it: under the lock)
        self.lock = threading.Lock()
        self.dropped_chars = 0
        self.running = {}  # engine id -> msg_id of the task it runs now
        self.busy_since = {}  # engine id -> when it began that task (time.time())
        self.errors_seen = collections.OrderedDict()  # 7.1 publishes each error twice
        # engine id -> tasks of any client it finished since this reader started (its idle status after a busy one):
        # the extension shows a completion at once, before the controller's counts are next asked for
        self.done = {}
        self.heard = set()  # engines whose messages reached this socket (see ipp_helper.iopub_heard)
        self.zmq = zmq
        self.woken = False
        threading.Thread(target=self.read, name="OutputReader", daemon=True).start()

    def read(self):
        zmq = self.zmq
        sock = zmq.Context.instance().socket(zmq.SUB)
        sock.setsockopt(zmq.LINGER, 0)
        sock.setsockopt(zmq.RCVHWM, READER_QUEUE)
        sock.setsockopt(zmq.SUBSCRIBE, b"")
        if self.curve:
            server, public, secret = self.curve
            if not public or not secret:
                public, secret = zmq.curve_keypair()
            sock.setsockopt(zmq.CURVE_SERVERKEY, server)
            sock.setsockopt(zmq.CURVE_PUBLICKEY, public)
            sock.setsockopt(zmq.CURVE_SECRETKEY, secret)
        sock.connect(self.url)
        while True:
            try:
                self.handle(sock.recv_multipart())
            except Exception:
                pass  # a message that fails its signature or its shape is not ours to show

    def handle(self, frames):
        idents, parts = self.session.feed_identities(frames, copy=True)
        msg = self.session.deserialize(parts, content=True, copy=True)  # raises on a bad signature
        kind = msg["header"].get("msg_type")
        topic = idents[0].decode("utf8", "replace").split(".") if idents else []
        engine = int(topic[1]) if len(topic) >= 3 and topic[0] == "engine" and topic[1].isdigit() else None
        if engine is not None:
            self.heard.add(engine)
        parent = msg.get("parent_header") or {}
        content = msg.get("content") or {}
        msg_id = parent.get("msg_id")
        if kind == "status" and engine is not None:
            if parent.get("username") == self.own_username:
                return
            if content.get("execution_state") == "busy":
                self.running[engine] = msg_id
                self.busy_since[engine] = time.time()
            elif content.get("execution_state") == "idle" and self.running.get(engine) == msg_id:
                self.running.pop(engine, None)
                self.done[engine] = self.done.get(engine, 0) + 1
                self.notify()
        elif not msg_id:
            return  # not a task's: an engine's own start-up output
        elif kind == "stream":
            self.put(engine, content.get("name") or "stdout", content.get("text") or "", msg_id)
        elif kind == "error" and msg_id not in self.errors_seen:
            self.errors_seen[msg_id] = True
            if len(self.errors_seen) > 2000:
                self.errors_seen.popitem(last=False)
            self.put(engine, "stderr", "%s: %s\n" % (content.get("ename"), content.get("evalue")), msg_id)

    def put(self, engine, stream, text, msg_id):
        with self.lock:
            kept, dropped = whole_lines(text, READER_CHARS - self.queued_chars if len(self.events) < READER_QUEUE else 0)
            self.dropped_chars += dropped
            if not kept:
                return
            self.events.append((engine, stream, kept, msg_id))
            self.queued_chars += len(kept)
        self.notify()

    def notify(self):
        if not self.woken:
            self.woken = True
            self.wake()

    def drain(self):
        """What arrived since the last drain: [(engine, stream, text, msg_id)], and characters dropped. (What
        `done` counts is read by the caller after this, so that no wake-up is lost.)"""
        self.woken = False
        with self.lock:
            out, self.events = self.events, []
            dropped, self.dropped_chars, self.queued_chars = self.dropped_chars, 0, 0
        return out, dropped


def whole_lines(text, room):
    """The whole lines of `text` that fit in `room` characters (all of it if it fits), and how many are dropped.
    ipykernel sends a flood of prints in pieces of many lines: a piece too big keeps its first lines."""
    if len(text) <= room:
        return text, 0
    head = text[: text.rfind("\n", 0, max(0, room)) + 1]  # nothing if no whole line fits
    return head, len(text) - len(head)


class OutputCap:
    """At most OUTPUT_CHARS_PER_S characters a second pass; the rest is counted as dropped."""

    def __init__(self):
        self.window = 0
        self.used = 0

    def take(self, events):
        now = int(time.monotonic())
        if now != self.window:
            self.window, self.used = now, 0
        kept, dropped = [], 0
        for engine, stream, text, msg_id in events:
            text, lost = whole_lines(text, OUTPUT_CHARS_PER_S - self.used)
            dropped += lost
            if text:
                self.used += len(text)
                kept.append((engine, stream, text, msg_id))
        return kept, dropped


def has_labels():
    import ipyparallel

    return int(ipyparallel.__version__.split(".")[0]) >= 9


def no_task_records(error):
    """A controller started with --nodb answers every query with NoData."""
    return getattr(error, "ename", None) == "NoData" or "NoData" in repr(error)


class Labels:
    """Task labels (ipyparallel 9 keeps them in the controller's task records, not in iopub), looked up once each.

    The controller records a task when it gets to its scheduler's note of it, which under load comes after the
    task's first print has reached us: that output waits for the record (LABEL_WAIT_S at most), so that its
    lines carry their label like the rest, and what came after it waits too, to keep the order.
    """

    def __init__(self):
        self.known = collections.OrderedDict()
        self.enabled = has_labels()
        self.held = []  # [(since, (engine, stream, text, msg_id))] in arrival order

    def ready(self, rc, chunks):
        """Of what waited and `chunks` (engine, stream, text, msg_id), what to show now, in order, each with its label."""
        now = time.monotonic()
        waiting = self.held + [(now, chunk) for chunk in chunks]
        label_of = self.of(rc, [chunk[3] for _, chunk in waiting])
        shown = 0
        while shown < len(waiting):
            since, chunk = waiting[shown]
            if self.enabled and chunk[3] not in self.known and now - since < LABEL_WAIT_S:
                break
            shown += 1
        self.held = waiting[shown:]
        return [chunk + (label_of.get(chunk[3]),) for _, chunk in waiting[:shown]]

    def wait(self):
        """How long the serve loop may sleep: output waiting for its record is looked at again soon."""
        return 0.2 if self.held else 1.0

    def of(self, rc, msg_ids):
        if not self.enabled:
            return {}
        missing = [m for m in set(msg_ids) if m and m not in self.known]
        if missing:
            try:
                for record in rc.db_query({"msg_id": {"$in": missing}}, keys=["label"]):
                    self.known[record["msg_id"]] = record.get("label")
            except Exception as exc:
                if no_task_records(exc):
                    self.enabled = False
            while len(self.known) > LABELS_KEPT:
                self.known.popitem(last=False)
        return {m: self.known.get(m) for m in msg_ids}


def ours(rc, record):
    """A request of any of our helpers: they all connect with the username ipp_helper.connect gives."""
    return (record.get("header") or {}).get("username") == rc.session.username


class CompletedCursor:
    """Reads the controller's records of tasks completed since the last read, each once.

    A bare {'completed': {'$gte': t}} fails while any task is pending (None >= datetime), hence '$ne': None;
    records at the cursor's very time are told apart by msg_id. `since` None: the first read takes every
    record the controller keeps.
    """

    def __init__(self, since):
        self.since = since
        self.at_cursor = set()

    def read(self, rc, keys):
        """The new records, oldest first; raises what db_query raises (NoData: no task records)."""
        query = {"$ne": None} if self.since is None else {"$ne": None, "$gte": self.since}
        found = [r for r in rc.db_query({"completed": query}, keys=keys) if r.get("completed") is not None]
        fresh = sorted((r for r in found if not (r["completed"] == self.since and r["msg_id"] in self.at_cursor)), key=lambda r: r["completed"])
        if fresh and (self.since is None or fresh[-1]["completed"] > self.since):
            self.since, self.at_cursor = fresh[-1]["completed"], set()
        self.at_cursor |= {r["msg_id"] for r in found if r["completed"] == self.since}
        return fresh


class FinishedTasks:
    """Tasks the controller recorded as finished since the last look, counted by outcome (and label, on 9.x).
    A controller without task records (--nodb) says so once, and is not asked again."""

    def __init__(self):
        self.cursor = CompletedCursor(datetime.now(timezone.utc))
        self.records = True
        self.keys = ["msg_id", "completed", "result_content", "header"] + (["label"] if has_labels() else [])

    def since_last(self, rc):
        counts = {"ok": 0, "failed": 0, "records": self.records}
        if not self.records:
            return counts
        try:
            found = self.cursor.read(rc, self.keys)
        except Exception as exc:
            if no_task_records(exc):
                self.records = False
                counts["records"] = False
            return counts
        labels = {}
        for record in found:
            if ours(rc, record):
                continue  # our own probes are no one's work
            failed = ((record.get("result_content") or {}).get("status")) == "error"
            counts["failed" if failed else "ok"] += 1
            label = record.get("label")
            if label:
                tally = labels.setdefault(str(label), {"completed": 0, "failed": 0})
                tally["completed"] += 1
                tally["failed"] += int(failed)
        if labels:
            counts["labels"] = labels
        return counts


def engines_left(rc, output, labels, ids):
    """Engines that left the controller's list, each with the task it ran then (its status said busy, never
    idle again) and that task's label: what a lost engine took with it."""
    tasks = {e: output.running.pop(e, None) for e in ids}
    for e in ids:
        output.busy_since.pop(e, None)
    label_of = labels.of(rc, [t for t in tasks.values() if t])
    return [{"id": e, "task": tasks[e], "label": label_of.get(tasks[e]) if tasks[e] else None} for e in ids]


def queued_tasks(rc, running):
    """Tasks waiting on an engine or for one, none of `running`: {"msgIds": [...], "clients": {session: n}}."""
    status = rc.queue_status(verbose=True)
    waiting = list(status.get("unassigned", []))
    for key, lists in status.items():
        if key != "unassigned":
            waiting += [m for where in ("queue", "tasks") for m in lists.get(where, [])]
    waiting = [m for m in dict.fromkeys(waiting) if m not in running]
    clients = collections.Counter()
    if waiting:
        try:
            owners = {r["msg_id"]: r.get("client_uuid") for r in rc.db_query({"msg_id": {"$in": waiting}}, keys=["client_uuid"])}
        except Exception:  # no task records: the owners are not known
            owners = {}
        clients.update(owners.get(m) or "" for m in waiting)
    return {"msgIds": waiting, "clients": dict(clients)}


def abort_tasks(rc, msg_ids, running):
    """Aborts those of msg_ids that still wait; returns how many were asked to abort.

    Abort happens on the engines: each remembers the ids and answers "aborted" when such a task reaches it. So
    an unassigned task's id goes to every engine, a queued one's to its engine. Never an empty list: an engine
    given none aborts its whole queue, other clients' work included. Not waited for (block=False): engines of
    7.1 and 8.x take an abort request only between tasks, and waiting per engine let queued tasks run first.
    """
    wanted = set(msg_ids) - set(running)
    status = rc.queue_status(verbose=True)
    per_engine = collections.defaultdict(list)
    everyone = sorted(rc.ids)
    for msg_id in status.get("unassigned", []):
        if msg_id in wanted:
            for engine in everyone:
                per_engine[engine].append(msg_id)
    for key, lists in status.items():
        if key == "unassigned":
            continue
        for msg_id in [m for where in ("queue", "tasks") for m in lists.get(where, [])]:
            if msg_id in wanted:
                per_engine[int(key)].append(msg_id)
    for engine, ids in per_engine.items():
        if ids:
            rc.abort(jobs=ids, targets=[engine], block=False)
    return len({m for ids in per_engine.values() for m in ids})


def epoch_ms(value):
    return value.timestamp() * 1000 if isinstance(value, datetime) else None


class TaskRecords:
    """The controller's records of finished tasks, from the last look on (the Run Timeline's bars), with the
    tasks running now as the engines' status messages tell. Our own requests are left out."""

    def __init__(self):
        self.cursor = CompletedCursor(None)
        self.engine_ids = {}  # engine uuid -> id, kept after the engine leaves: its tasks stay in its lane
        self.keys = ["msg_id", "engine_uuid", "header", "submitted", "started", "completed", "result_content"] + (
            ["label"] if has_labels() else []
        )

    def since_last(self, rc, output, limit):
        running = [{"id": m, "engine": e, "start": output.busy_since.get(e, time.time()) * 1000} for e, m in list(output.running.items())]
        try:
            found = self.cursor.read(rc, self.keys)
        except Exception as exc:
            if no_task_records(exc):
                return {"tasks": [], "running": running, "records": False}
            raise
        self.engine_ids.update({uuid: engine for engine, uuid in list(rc._engines.items()) if isinstance(engine, int)})
        tasks = []
        for record in found[-limit:]:
            if ours(rc, record):
                continue
            result = record.get("result_content") or {}
            status = result.get("status") or "ok"
            tasks.append({
                "id": record["msg_id"],
                "engine": self.engine_ids.get(record.get("engine_uuid")),
                "start": epoch_ms(record.get("started")) or epoch_ms(record.get("submitted")),
                "end": epoch_ms(record["completed"]),
                "status": status if status in ("ok", "error", "aborted") else "ok",
                "label": str(record["label"]) if record.get("label") else None,
                "error": ("%s: %s" % (result.get("ename"), result.get("evalue")))[:500] if status == "error" else None,
            })
        return {"tasks": tasks, "running": running, "records": True}

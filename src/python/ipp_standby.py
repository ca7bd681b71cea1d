"""The warm process of IPP Engines: Python started and ipyparallel's engine and nanny imported, not connected.
It forks the fresh engines of a restart.

  ipp_standby.py --profile-dir=P --cluster-id=C

Started after a start or restart, so that the next restart only forks: booting an engine's Python and its
imports (and its nanny's) is most of a restart's time. Forked children share its pages, so waiting costs
about one engine's memory, however many engines a restart forks. It holds no user code and no zmq context
or socket: no startup file, no config file and no module of the user's is read here, only in each engine
after its fork, so an engine loads the code as it is when the engine is forked.

Its output goes to P/log/ipengine-C-standby-PID.log. It prints {"standby": PID} once it is ready, then
reads lines on stdin, each
  {"argv": [...engine arguments...], "count": N}
and answers each with {"engines": [PID, ...]} (or {"error": "..."}, with none forked), then waits for
  {"go": true}
which lets the N forked children go on (anything else, or end of stdin, ends them): each becomes the engine
`python -m ipyparallel.engine ARGV` would be, in a session of its own, with /dev/null on stdin and its output in
P/log/ipengine-C-standby-PID.log (its pid). The engine forks its nanny the same way, where ipyparallel's
engine would start one. Forked processes keep this one's command line: the extension's process scan tells
this process (stdin a pipe, from the extension) from an engine (stdin /dev/null), and a nanny by its
name (comm `ipp-nanny`), which it keeps when its engine is gone. End of stdin (the extension ended it, or its window closed) ends this process and removes
its log; the engines it forked are engines of the cluster, which run on as ipcluster's do.
Works with ipyparallel 7.1, 8.x and 9.x.
"""
import argparse
import ctypes
import io
import json
import os
import pickle
import signal
import sys
import traceback

os.environ.setdefault("IPP_NONINTERACTIVE", "1")
PARSER = argparse.ArgumentParser()
PARSER.add_argument("--profile-dir", required=True)
PARSER.add_argument("--cluster-id", default="")
ARGS = PARSER.parse_args()


# The comm name of a forked nanny (/proc/<pid>/comm, `ps -o comm`): forked processes keep this process's
# command line, and the extension's process scan tells a nanny from an engine by it.
NANNY_NAME = b"ipp-nanny"


def name_process(name):
    try:
        ctypes.CDLL(None).prctl(15, name, 0, 0, 0)  # PR_SET_NAME
        with open("/proc/self/comm", "rb") as comm:
            named = comm.read().strip() == name
    except (OSError, AttributeError):
        named = False
    if not named:
        sys.stderr.write("IPP Engines: could not name this nanny %s\n" % name.decode())


def log_path(pid):
    return os.path.join(ARGS.profile_dir, "log", "ipengine-%s-standby-%d.log" % (ARGS.cluster_id, pid))


def redirect(stdin_fd, output_path):
    """Puts stdin_fd on stdin and output_path (appended) on stdout and stderr, for the OS and for Python."""
    out = os.open(output_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(stdin_fd, 0)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.close(out)
    sys.stdin = io.TextIOWrapper(os.fdopen(0, "rb", buffering=0))
    sys.stdout = io.TextIOWrapper(os.fdopen(1, "wb", buffering=0), write_through=True)
    sys.stderr = io.TextIOWrapper(os.fdopen(2, "wb", buffering=0), write_through=True)


LOG = log_path(os.getpid())
# Before the imports, which may warn: everything this process says goes to the log (stdout answers the extension).
_log_fd = os.open(LOG, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
os.dup2(_log_fd, 2)
os.close(_log_fd)

import ipyparallel.engine.app as engine_app  # noqa: E402  (the imports are the point of this process)
import ipyparallel.engine.kernel  # noqa: E402,F401
import ipyparallel.engine.nanny as nanny_module  # noqa: E402
import ipykernel.ipkernel  # noqa: E402,F401


class NannyHandle:
    """What start_nanny() returns beside the URL: the engine keeps the pipe from its nanny open."""

    def __init__(self, pid, pipe):
        self.pid = pid
        self.pipe = pipe


def fork_nanny():
    """Forks the engine's nanny before the engine makes a zmq context; it waits for start_nanny()'s arguments,
    as `python -m ipyparallel.engine.nanny` would on its stdin, and ends when the engine does."""
    arguments_read, arguments_write = os.pipe()
    url_read, url_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.setsid()  # as start_nanny's start_new_session: the engine's signals are not its
            name_process(NANNY_NAME)
            os.close(arguments_write)
            os.close(url_read)
            with os.fdopen(arguments_read, "rb") as arguments:
                kwargs = pickle.load(arguments)
            devnull = os.open(os.devnull, os.O_RDONLY)
            os.dup2(devnull, 0)
            os.close(devnull)
            kwargs["pipe"] = io.TextIOWrapper(os.fdopen(url_write, "wb", buffering=0), write_through=True)
            nanny_module.KernelNanny.main(**kwargs)
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        except EOFError:
            pass  # its engine ended before it handed over the arguments
        except BaseException:  # noqa: B036  (this process ends here, whatever it was)
            traceback.print_exc()
        finally:
            os._exit(code)
    os.close(arguments_read)
    os.close(url_write)

    def start_forked_nanny(**kwargs):
        kwargs["pid"] = os.getpid()
        with os.fdopen(arguments_write, "wb") as arguments:
            arguments.write(pickle.dumps(kwargs))
        pipe = os.fdopen(url_read, "rb")
        url = pipe.readline().decode("utf8").strip()
        if not url:
            os.kill(pid, signal.SIGTERM)
            raise RuntimeError("nanny failed")
        return url, NannyHandle(pid, pipe)

    engine_app.start_nanny = start_forked_nanny


def fork_gated(count):
    """Forks `count` children that wait at a gate; returns (0, gate) in a child, else (pids, gate write end).
    A fork that fails ends the ones forked before it: a request gets all its engines or none."""
    gate_read, gate_write = os.pipe()
    pids = []
    try:
        for _ in range(count):
            pid = os.fork()
            if pid == 0:
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                os.close(gate_write)
                return 0, gate_read
            pids.append(pid)
    except OSError:
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        os.close(gate_read)
        os.close(gate_write)
        raise
    os.close(gate_read)
    return pids, gate_write


def serve():
    """Forks the engines of each request until end of stdin; returns the request in a forked child, None here.

    The children wait at a gate, so that they do not take the cores the loop needs to fork the rest, and
    pass it only once the extension has the pids and says {"go": true}: should it give up waiting first
    (its stdin ends), they exit instead, and no fallback boot doubles them.
    """
    # Ended engines are reaped by the kernel: no zombie stays in the table while this process waits.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    sys.stdout.write(json.dumps({"standby": os.getpid()}) + "\n")
    sys.stdout.flush()
    while True:
        line = sys.stdin.buffer.readline()
        if not line.strip():
            return None
        request = json.loads(line)
        count = int(request.get("count", 1))
        try:
            forked, gate = fork_gated(count)
        except OSError as error:
            sys.stdout.write(json.dumps({"error": str(error)}) + "\n")
            sys.stdout.flush()
            continue
        if forked == 0:
            passed = os.read(gate, 1)
            os.close(gate)
            if not passed:
                os._exit(0)  # not wanted after all
            return request
        sys.stdout.write(json.dumps({"engines": forked}) + "\n")
        sys.stdout.flush()
        go = sys.stdin.buffer.readline()
        if json.loads(go or "{}").get("go"):
            os.write(gate, b"g" * count)
        os.close(gate)
        if not go.strip():
            return None


def become_engine(request):
    os.setsid()  # as ipcluster's engines: not in the extension's process group
    devnull = os.open(os.devnull, os.O_RDONLY)
    redirect(devnull, log_path(os.getpid()))
    os.close(devnull)
    fork_nanny()
    # As `python -m ipyparallel.engine` would have it: the working directory first on the path.
    sys.path[0] = os.getcwd()
    sys.argv = [sys.argv[0]] + request["argv"]
    engine_app.IPEngine.launch_instance(request["argv"])


def main():
    request = serve()
    if request is None:
        os.unlink(LOG)
        return
    become_engine(request)


if __name__ == "__main__":
    main()

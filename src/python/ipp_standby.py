"""A standby engine for IPP Engines: Python started and ipyparallel's engine imported, but not connected.

  ipp_standby.py --profile-dir=P --cluster-id=C

Started after a start or restart, so that the next restart only has to connect it: booting an engine's
Python, its imports and its nanny's is most of a restart's time. Until then it holds no user code: no
startup file, no config file and no module of the user's is read before activation.

Its output (and its nanny's) goes to P/log/ipengine-C-standby-PID.log. It prints {"standby": PID} once it
is ready, then waits for one line on stdin:
  {"argv": [...engine arguments...]}
and becomes the engine `python -m ipyparallel.engine ARGV` would be. Its stdin is then /dev/null: that is how
the extension's process scan tells a standby (stdin a pipe) from an engine. End of stdin before that line
(the extension ended it, or its window closed) ends it and its nanny, and removes its log.
Works with ipyparallel 7.1, 8.x and 9.x.
"""
import argparse
import json
import os
import pickle
import subprocess
import sys

os.environ.setdefault("IPP_NONINTERACTIVE", "1")
PARSER = argparse.ArgumentParser()
PARSER.add_argument("--profile-dir", required=True)
PARSER.add_argument("--cluster-id", default="")
ARGS = PARSER.parse_args()
LOG = os.path.join(ARGS.profile_dir, "log", "ipengine-%s-standby-%d.log" % (ARGS.cluster_id, os.getpid()))
# Before the imports, which may warn: everything this process and its nanny say goes to the log.
_log_fd = os.open(LOG, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
os.dup2(_log_fd, 2)
os.close(_log_fd)

# The nanny's own start, as ipyparallel's start_nanny() runs it (`python -m ipyparallel.engine.nanny`: import,
# read the arguments pickled on stdin, answer the URL on stdout), with a line on stdout once it is imported.
# The trailing `-m ipyparallel.engine.nanny` only lands in its sys.argv: process tables (ours too) see the
# nanny it is.
NANNY_CODE = "from ipyparallel.engine.nanny import main; print('imported', flush=True); main()"


def spawn_nanny():
    """Starts the nanny process now, so that its imports run beside ours; the engine hands it its
    registration on activation."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-c", NANNY_CODE, "-m", "ipyparallel.engine.nanny"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, env=env, start_new_session=True)


NANNY = spawn_nanny()

import ipyparallel.engine.app as engine_app  # noqa: E402  (the imports are the point of a standby)
import ipyparallel.engine.kernel  # noqa: E402,F401
import ipykernel.ipkernel  # noqa: E402,F401


def prepare_nanny(nanny):
    """Waits until the nanny is imported; the engine's start_nanny() then hands it its arguments."""
    nanny.stdout.readline()
    original = engine_app.start_nanny

    def start_prepared_nanny(**kwargs):
        if nanny.poll() is not None:
            return original(**kwargs)
        kwargs["pid"] = os.getpid()
        nanny.stdin.write(pickle.dumps(kwargs))
        nanny.stdin.close()
        url = nanny.stdout.readline().decode("utf8").strip()
        if not url:
            nanny.terminate()
            raise RuntimeError("nanny failed")
        return url, nanny

    engine_app.start_nanny = start_prepared_nanny


def main():
    prepare_nanny(NANNY)
    sys.stdout.write(json.dumps({"standby": os.getpid()}) + "\n")
    sys.stdout.flush()
    line = sys.stdin.readline()
    if not line.strip():
        os.unlink(LOG)
        return
    request = json.loads(line)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)
    # As `python -m ipyparallel.engine` would have it: the working directory first on the path.
    sys.path[0] = os.getcwd()
    sys.argv = [sys.argv[0]] + request["argv"]
    engine_app.IPEngine.launch_instance(request["argv"])


if __name__ == "__main__":
    main()

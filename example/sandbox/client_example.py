"""Runs a small ensemble of toy surveys on the IPP Engines cluster of this sandbox.

The first lines are what IPP: Copy Client Code gives (it names your profile exactly; paste it over them
if you changed ippEngines.profileDir). Start the cluster first (IPP: Start Cluster), then run:

    python3 client_example.py
"""
import getpass
import os
import socket

import ipyparallel as ipp

# The extension's default profile: ${workspaceFolder}/ipyparallel/${user}/${hostname}
here = os.path.dirname(os.path.abspath(__file__))
profile_dir = os.path.join(here, "ipyparallel", getpass.getuser(), socket.gethostname().split(".")[0])
rc = ipp.Client(profile_dir=profile_dir)
dview = rc[:]  # every engine
lview = rc.load_balanced_view()  # each task to an idle engine
print(f"{len(rc.ids)} engines: {rc.ids}")


def survey(seed):
    from EXOSIMS.Prototypes.SurveySimulation import run_one  # the engines' copy of the code

    return run_one(seed)


results = lview.map_sync(survey, range(20))
versions = sorted({version for _, version, _ in results})
print(f"{len(results)} surveys, model version(s) {versions}, {sum(d for _, _, d in results)} detections")
